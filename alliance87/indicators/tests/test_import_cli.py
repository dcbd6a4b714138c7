"""``alliance87 import-indicators``: the report by line and column, the flags to confirm, the landing."""

from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command

from alliance87.indicators.codes import CHILD_LABOUR_EC
from alliance87.indicators.models import Dataset, IndicatorImport
from alliance87.network.models import Country

DATA = Path(__file__).resolve().parents[2] / "data" / "sdg-8.7.1"
FILES = Path(__file__).resolve().parent / "files"


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_indicators", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), err.getvalue() + str(error)
    return 0, out.getvalue(), err.getvalue()


def test_lands_armenia(cast, series):
    Country.objects.get_or_create(code="AM")
    code, out, err = run(
        DATA / "armenia" / "indicator_8-7-1.csv",
        "--country", "ARM", "--series", CHILD_LABOUR_EC, "--source", "Armstat, NCLS 2015",
        "--by", cast.secretariat.email,
    )  # fmt: skip
    assert code == 0, err
    assert "indicator_8-7-1.csv: 16 row(s), 16 value(s), 0 empty; 2015–2015; areas 051" in out
    assert "100% 16/16" in out
    assert "Landed 16 observation(s) as a draft dataset" in out
    dataset = Dataset.objects.get()
    assert (dataset.source, dataset.observations.count()) == ("Armstat, NCLS 2015", 16)


def test_inferred_values_need_confirming_and_say_the_flag(cast, series):
    args = [DATA / "mexico" / "indicator_8-7-1.csv", "--country", "MX", "--series", CHILD_LABOUR_EC]
    code, out, err = run(*args, "--source", "INEGI", "--by", cast.secretariat.email)
    assert code == 1
    assert '--confirm "unit=PT"' in out
    assert "Confirm each inferred value (as above), or pass --confirm-all." in err
    assert not Dataset.objects.exists() and not IndicatorImport.objects.exists()
    code, out, err = run(*args, "--source", "INEGI", "--confirm", "unit=PT", "--by", cast.secretariat.email)
    assert code == 0, err
    assert Dataset.objects.get().observations.count() == 2079


def test_problems_by_line_and_column_exit_1_and_nothing_saved(cast, series):
    code, out, err = run(
        FILES / "bad_cells.csv", "--country", "MX", "--series", CHILD_LABOUR_EC, "--source", "x",
        "--by", cast.secretariat.email,
    )  # fmt: skip
    assert code == 1
    assert "line 2, column Year: “19” is not a year: write four digits, like 2019." in err
    assert "line 3, column Value: “abc” is not a number." in err
    assert "line 4: This row has 4 cells; the header has 3 columns." in err
    assert "Refused: nothing was saved." in err
    assert not IndicatorImport.objects.exists() and not Dataset.objects.exists()


def test_dry_run_saves_nothing(cast, series):
    Country.objects.get_or_create(code="KZ")
    code, out, err = run(
        DATA / "kazakhstan" / "indicator_8-7-1.csv", "--country", "KZ", "--series", CHILD_LABOUR_EC,
        "--meta", DATA / "kazakhstan" / "meta_8-7-1.yml", "--dry-run", "--by", cast.secretariat.email,
    )  # fmt: skip
    assert code == 0, err
    assert "to confirm: Proxy = yes" in out
    assert '--confirm "proxy=yes"' in out
    assert "Dry run: the file can land; nothing was saved." in out
    assert not IndicatorImport.objects.exists()


def test_confirm_all_and_a_correction(cast, series):
    Country.objects.get_or_create(code="JM")
    code, out, err = run(
        DATA / "jamaica" / "indicator_8-7-1.csv", "--country", "JM", "--series", CHILD_LABOUR_EC, "--source", "STATIN",
        "--confirm-all", "--confirm", "unit:Child Labour Urban Area=PT", "--by", cast.secretariat.email,
    )  # fmt: skip
    assert code == 0, err
    dataset = Dataset.objects.get()
    assert dataset.observations.get(row=8).unit == "PT"  # corrected (wrongly, for the test)
    assert dataset.observations.get(row=2).unit == "NUMBER"


def test_wrong_arguments_exit_2(cast, series):
    assert run("/nonexistent.csv", "--by", cast.secretariat.email)[0] == 2
    assert run(DATA / "armenia" / "indicator_8-7-1.csv", "--country", "ZZ", "--by", cast.secretariat.email)[0] == 2
    code, _out, err = run(DATA / "armenia" / "indicator_8-7-1.csv", "--by", cast.outsider.email)
    assert code == 2 and "may not import indicator data" in err
