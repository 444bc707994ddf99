"""`thaidoc baht / amount / date / digits`: outputs and exit codes as issue 2 states them."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from click.testing import CliRunner

from thaidoc.cli import main


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


# (arguments, exit code, stdout)
OUTPUTS = [
    (["baht", "160674400"], 0, "หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันสี่ร้อยบาทถ้วน\n"),
    (["baht", "11.01"], 0, "สิบเอ็ดบาทหนึ่งสตางค์\n"),
    (["baht", "๒๑,๐๐๐,๐๐๐", "0.25"], 0, "ยี่สิบเอ็ดล้านบาทถ้วน\nยี่สิบห้าสตางค์\n"),
    (["baht", "-101"], 0, "ลบหนึ่งร้อยเอ็ดบาทถ้วน\n"),
    (["amount", "หนึ่งร้อยหกสิบล้านหกแสนเจ็ดหมื่นสี่พันสี่ร้อยบาทถ้วน"], 0, "160,674,400.00\n"),
    (["amount", "สิบเอ็ดบาท", "หนึ่งสตางค์"], 0, "11.01\n"),
    (["amount", "--thai", "สิบเอ็ดบาทหนึ่งสตางค์"], 0, "๑๑.๐๑\n"),
    (["amount", "หนึ่งร้อยบาทตรง"], 0, "100.00\n"),
    (["amount", "(หนึ่งร้อยเอ็ดบาทถ้วน)"], 0, "101.00\n"),
    (["date", "2024-04-17", "--style", "weekday"], 0, "วันพุธที่ ๑๗ เมษายน ๒๕๖๗\n"),
    (["date", "2019-02-20"], 0, "๒๐ กุมภาพันธ์ ๒๕๖๒\n"),
    (["date", "2024-04-17", "--style", "short"], 0, "๑๗ เม.ย. ๖๗\n"),
    (["date", "2024-04-17", "--style", "table", "--arabic"], 0, "พุธ 17 เม.ย. 67\n"),
    (["date", "๒๐๒๔-๐๔-๑๗", "--style", "table"], 0, "พุธ ๑๗ เม.ย. ๖๗\n"),
    (["date", "2019-10-01", "--fiscal"], 0, "ปีงบประมาณ ๒๕๖๓ ไตรมาส ๑\n"),
    (["date", "--parse", "วันพุธที่ ๑๗ เมษายน ๒๕๖๗"], 0, "2024-04-17\n"),
    (["date", "--parse", "๑๗ เม.ย. ๖๗", "--century", "25"], 0, "2024-04-17\n"),
    (["date", "--parse", "วันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘"], 1, "2025-01-25\n"),
    (["digits", "--thai", "ที่ ฉช 0019/ว 2215"], 0, "ที่ ฉช ๐๐๑๙/ว ๒๒๑๕\n"),
    (["digits", "--arabic", "๑๖๐,๖๗๔,๔๐๐"], 0, "160,674,400\n"),
    (["digits", "2567"], 0, "๒๕๖๗\n"),
]


@pytest.mark.parametrize(("args", "code", "stdout"), OUTPUTS)
def test_outputs_and_exit_codes(args: list[str], code: int, stdout: str) -> None:
    exit_code, out, _ = run(*args)
    assert (exit_code, out) == (code, stdout)


def test_wrong_weekday_says_which_day_it_is() -> None:
    code, out, err = run("date", "--parse", "วันศุกร์ที่ ๒๕ มกราคม ๒๕๖๘")
    assert code == 1
    assert out == "2025-01-25\n"
    assert "Saturday" in err and "วันเสาร์" in err and "not วันศุกร์" in err


def test_malformed_words_exit_1_with_reason_and_lenient_reading() -> None:
    code, out, err = run("amount", "หนึ่งร้อยหกสิบสามแสนเจ็ดหมื่นสี่พันบาทถ้วน")
    assert code == 1
    assert out == ""  # nothing a script could take for the amount
    assert "แสน cannot follow สิบ" in err and "at character 17" in err
    assert "probably meant: 16,374,000.00" in err


def test_stray_baht_is_reported() -> None:
    code, _, err = run("amount", "เจ็ดสิบเอ็ดล้านบาทหนึ่งแสนหนึ่งหมื่นแปดพันบาทถ้วน")
    assert code == 1
    assert "stray บาท" in err and "71,118,000.00" in err


def test_unreadable_words_say_so() -> None:
    code, _, err = run("amount", "hello")
    assert code == 1
    assert "cannot tell what amount was meant" in err


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["baht", "1.5.5"], 2),
        (["baht", "abc"], 2),
        (["baht"], 2),
        (["amount"], 2),
        (["date", "2024-02-30"], 2),
        (["date", "17/04/2024"], 2),
        (["date", "--parse", "hello"], 2),
        (["date", "--parse", "๓๑ เมษายน ๒๕๖๘"], 1),  # a date in the input that does not exist
        (["date", "--parse", "17 เมษายน 2024"], 1),  # a Christian-era year
        (["date", "2024-04-17", "--parse", "๑๗ เมษายน ๒๕๖๗"], 2),
        (["date", "2024-04-17", "--style", "long"], 2),
        (["date", "--parse", "๑๗ เม.ย. ๖๗", "--century", "5"], 2),
    ],
)
def test_bad_input_exit_codes(args: list[str], code: int) -> None:
    exit_code, _, err = run(*args)
    assert exit_code == code
    assert err


def test_date_defaults_to_today() -> None:
    from thaidoc.thai import thai_date

    code, out, _ = run("date", "--arabic")
    assert code == 0
    assert out.strip() in {thai_date(date.today(), "full", "arabic")}


def test_digits_reads_standard_input() -> None:
    code, out, _ = run("digits", "--thai", stdin="ปี 2567\nเลขที่ 12\n")
    assert code == 0
    assert out == "ปี ๒๕๖๗\nเลขที่ ๑๒\n"


@pytest.mark.parametrize("command", ["baht", "amount", "date", "digits"])
def test_help_has_thai_examples(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Examples:" in out
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in out)


def test_commands_do_not_import_docx_or_pythainlp() -> None:
    code = (
        "import sys\n"
        "from thaidoc.cli import main\n"
        "try:\n"
        "    main(['baht', '160674400'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('docx', 'docxtpl', 'pythainlp', 'num2words', 'jinja2', 'lxml') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in result.stdout
