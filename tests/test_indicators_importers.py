"""Importers: column mappings, the file shapes, and errors with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from igokit.analysis.importers import reader
from igokit.analysis.importers.names import iso3_of
from igokit.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "indicators"


def write(path: Path, text: str, crlf: bool = False) -> Path:
    path.write_bytes(text.replace("\n", "\r\n" if crlf else "\n").encode("utf-8"))
    return path


def test_comtrade_shape() -> None:
    res = reader("comtrade")(FIXTURES / "kaz_trade_small.csv")
    assert res.shape == "comtrade" and len(res.observations) == 16
    assert res.skipped["re-export/re-import rows"] == 1
    o = res.observations[0]
    assert (o.entity, o.partner, o.indicator, o.period, o.value, o.unit, o.source_id) == \
        ("KAZ", "CHN", "exports", "2016", 100.0, "USD", "un-comtrade")


def test_comtrade_world_partner_is_a_total(tmp_path: Path) -> None:
    f = write(tmp_path / "c.csv", "Reporter ISO,Partner ISO,RefYear,FlowDesc,PrimaryValue\n"
              "KAZ,World,2020,Export,\"1,000\"\n")
    o = reader("comtrade")(f).observations[0]
    assert o.partner is None and o.value == 1000.0


def test_comtrade_errors_name_file_and_line(tmp_path: Path) -> None:
    f = write(tmp_path / "bad.csv", "reporter,partner,year,flow,value\n"
              "KAZ,CHN,2020,Export,12\nKAZ,CHN,20x0,Export,12\nKAZ,CHN,2021,Export,abc\n"
              "KAZ,CHN,2021,Sideways,1\n", crlf=True)
    with pytest.raises(InputError) as exc:
        reader("comtrade")(f)
    msg = str(exc.value)
    assert f"{f}:3: column 'year': '20x0' is not a year" in msg
    assert f"{f}:4: column 'value': 'abc' is not a number" in msg
    assert f"{f}:5: column 'flow'" in msg


def test_missing_column_is_reported(tmp_path: Path) -> None:
    f = write(tmp_path / "m.csv", "reporter,partner,year,value\nKAZ,CHN,2020,1\n")
    with pytest.raises(InputError, match=r"m.csv:1: missing column 'flow'"):
        reader("comtrade")(f)


def test_unknown_names_are_listed_not_guessed(tmp_path: Path) -> None:
    f = write(tmp_path / "n.csv", "reporter,partner,year,flow,value\n"
              "KAZ,Atlantis,2020,Export,1\nKAZ,Kazakstan,2020,Export,1\n"
              "KAZ,Atlantis,2021,Export,1\nKAZ,Korea Rep.,2020,Import,1\n")
    with pytest.raises(InputError) as exc:
        reader("comtrade")(f)
    msg = str(exc.value)
    assert "3 country name(s)" in msg
    assert f"{f}:2: unknown country name 'Atlantis'" in msg
    assert f"{f}:3: unknown country name 'Kazakstan'" in msg   # a near miss is not guessed
    res = reader("comtrade")(f, skip_unmatched=True)
    assert res.observations == [] and set(res.unmatched) == {"Atlantis", "Kazakstan",
                                                              "Korea Rep."}


def test_wits_shape(tmp_path: Path) -> None:
    f = write(tmp_path / "wits_kz_imports_by_partner.csv",
              "date,region,item_code,item_name,value,transformation\n"
              "2010-12-31,national,CHN,China,1500.5,level\n"
              "2011-12-31,national,KOR,\"Korea, Rep.\",2.0,level\n"
              "2009-12-31,national,SDN,Fm Sudan,1.0,level\n", crlf=True)
    res = reader("comtrade")(f)
    assert res.shape == "wits"
    chn, kor, sdn = res.observations
    assert (chn.entity, chn.indicator, chn.partner, chn.period, chn.value) == \
        ("KAZ", "imports", "CHN", "2010", 1_500_500.0)
    assert kor.partner == "KOR" and sdn.note == "WITS partner: Fm Sudan"
    g = write(tmp_path / "trade.csv", "date,region,item_code,item_name,value,transformation\n")
    with pytest.raises(InputError, match="--reporter"):
        reader("comtrade")(g)


def test_egov_data_center_shape(tmp_path: Path) -> None:
    f = write(tmp_path / "e.csv",
              "Survey Year,Country Name,E-Government Rank,E-Government Index,"
              "E-Participation Index,Online Service Index,Human Capital Index,"
              "Telecommunication Infrastructure Index\n"
              '2022,"Kazakhstan ",28,0.86280,0.8068,0.9344,0.9021,0.752\n'
              '2022,"Türkiye ",48,0.7983,0.6,0.7,0.8,0.7\n'
              '2022,"Georgia (Country) ",64,0.74,0.5,0.6,0.8,0.7\n'
              '2022,"Iran (Islamic Republic of) ",91,0.6433,0.1818,0.4196,0.7804,0.73\n',
              crlf=True)
    res = reader("egov")(f)
    got = {(o.entity, o.indicator): o.value for o in res.observations}
    assert got[("KAZ", "egov_rank")] == 28 and got[("KAZ", "egdi")] == 0.8628
    assert {e for e, _ in got} == {"KAZ", "TUR", "GEO", "IRN"}
    assert {o.source_id for o in res.observations} == {"un-desa-egov-2022"}


def test_egov_unu_and_edited_shapes(tmp_path: Path) -> None:
    unu = write(tmp_path / "egdi-2012.csv",
                "country-code,country-name,e-gov-rank,e-gov-index,e-pat-index,osi,hci,tii\n"
                "KAZ,Kazakhstan,38,0.6844,0.6842,0.6536,0.9,0.50000000000000001\n")
    res = reader("egov")(unu)
    assert res.shape == "unu" and {o.period for o in res.observations} == {"2012"}
    edited = write(tmp_path / "x.csv",
                   "Survey Year,Country,Rank,E_Index,E_Participation,Online_Service,"
                   "Human_Capital,Tele_Infra,Region\n"
                   "2024,Kazakhstan ,24,0.90093,0.8493,0.93903,0.84029,0.92353,Asia\n"
                   "2024,Narnia ,99,0.5,0.5,0.5,0.5,0.5,Europe\n")
    with pytest.raises(InputError, match=r"x.csv:3: unknown country name 'Narnia'"):
        reader("egov")(edited)


def test_faostat_classic_and_ddf(tmp_path: Path) -> None:
    f = write(tmp_path / "fao.csv",
              "Area Code,Area,Item,Element,Year,Unit,Value\n"
              "108,Kazakhstan,Wheat and products,Production,2020,1000 t,14258\n"
              "351,China,Wheat and products,Production,2020,1000 t,1\n"
              "5000,World,Wheat and products,Production,2020,1000 t,2\n"
              "41,\"China, mainland\",Wheat and products,Domestic supply quantity,2020,t,"
              "150000\n")
    res = reader("faostat")(f)
    got = {(o.entity, o.indicator): o.value for o in res.observations}
    assert got == {("KAZ", "fbs_wheat_and_products_production"): 14258.0,
                   ("CHN", "fbs_wheat_and_products_domestic_supply_quantity"): 150.0}
    assert res.skipped["aggregate areas (FAO code 5000+ or 351)"] == 2
    write(tmp_path / "ddf--entities--geo.csv",
          "geo,name,start_year,end_year,iso2_code,iso3_code,m49_code,is--country,"
          "is--country_group,country_groups\n108,Kazakhstan,1992,,KZ,KAZ,398,TRUE,FALSE,"
          "\"5802,5306\"\n")
    d = write(tmp_path / "ddf--datapoints--fbs_wheat_and_products_production--by--geo--"
              "year.csv", "geo,year,fbs_wheat_and_products_production\n108,2011,22732\n"
              "5707,2011,1\n999,2011,3\n")
    with pytest.raises(InputError, match=r"production--by--geo--year.csv:4: geo '999'"):
        reader("faostat")(d)


def test_wdi_long_and_wide(tmp_path: Path) -> None:
    long = write(tmp_path / "ny.gdp.mktp.cd.csv", "Country Name,Country Code,Year,Value\n"
                 "Kazakhstan,KAZ,2023,261421000000\nWorld,WLD,2023,\n")
    res = reader("wdi")(long)
    assert [(o.entity, o.indicator, o.unit) for o in res.observations] == \
        [("KAZ", "NY.GDP.MKTP.CD", "USD")]
    wide = write(tmp_path / "API_SP.POP.TOTL_DS2.csv",
                 '"Data Source","World Development Indicators",\n\n"Last Updated Date",'
                 '"2024-01-01",\n\n"Country Name","Country Code","Indicator Name",'
                 '"Indicator Code","2022","2023",\n"Kazakhstan","KAZ","Population, total",'
                 '"SP.POP.TOTL","19621972","20033546",\n"Chad","TCD","Population, total",'
                 '"SP.POP.TOTL","x","",\n')
    with pytest.raises(InputError, match=r"API_SP.POP.TOTL_DS2.csv:7: column '2022'"):
        reader("wdi")(wide)


def test_names_exact_only() -> None:
    assert iso3_of(" Kazakhstan ") == "KAZ"
    assert iso3_of("Türkiye") == "TUR" and iso3_of("Cote d'Ivoire") == "CIV"
    assert iso3_of("Russian Federation") == "RUS"
    assert iso3_of("Kazakstan") is None
