"""Make realistic readiness-survey exports, in the survey tools' own shapes.

What an adoption lead downloads after each wave, personal columns and all
(names, e-mail addresses, free-text comments), so that the examples show
what ``socialplan evidence`` reads and what it must never repeat:

* the consulting firm's first wave from Google Forms (CSV: a timestamp,
  the respondent's e-mail address, one column per question, a comment);
* its second wave, two months later, from Microsoft Forms (.xlsx: ID,
  start and completion times, e-mail, name, the questions, a comment);
* the retailer's baseline wave from Qualtrics (CSV with its three header
  rows: column ids, question texts, import descriptors).

One group in each consulting wave has fewer respondents than the minimum
group size, so the reports must suppress it. Deterministic: the same
script gives the same bytes (the workbook's timestamps are fixed too).

    python examples/tools/make_survey_exports.py examples/evidence
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
from dataclasses import dataclass
from pathlib import Path

LABELS = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
FIRST = ["Alex", "Sam", "Jo", "Priya", "Chen", "Maria", "Tom", "Aisha", "Luca", "Nora", "Ravi", "Eva", "Kofi",
         "Ingrid", "Mateo", "Yuki", "Fatima", "Oskar", "Leila", "Hamish"]
LAST = ["Smith", "Patel", "Jones", "Garcia", "Kim", "Brown", "Okafor", "Rossi", "Novak", "Silva", "Lindqvist",
        "Moreau", "Nakamura", "O'Brien", "Haddad", "Kowalski"]
COMMENTS = [
    "I never have signal on the client site in the basement.",
    "Please stop sending the same update by email and on Teams.",
    "My engagement manager has never mentioned this.",
    "Would love a way to find who did the last retail pricing project.",
    "Too many tools already, honestly.",
    "The training video was useful but I forgot it a week later.",
    "I only open it on my laptop, the phone app keeps logging me out.",
    "Happy to be a champion for my practice.",
]

CONSULTING_QUESTIONS = [
    ("awareness", "I understand why the firm is introducing Viva Engage"),
    ("desire", "I want to use Viva Engage in my work"),
    ("knowledge", "I know how to find an expert on Viva Engage"),
    ("ability", "I have the time and the device to use it on client sites"),
    ("reinforcement", "My manager notices when people share what they know"),
]
GROUP_QUESTION = "Which part of the firm do you work in?"
COMMENT_QUESTION = "Anything else you would like to tell the programme team?"


@dataclass(frozen=True)
class Group:
    answer: str  # what the respondent picks in the group question
    respondents: int
    means: tuple[float, float, float, float, float]  # the group's typical answer per ADKAR element, 1-5


def _answer(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.9))))


def _person(rng: random.Random, domain: str) -> tuple[str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    number = rng.randrange(10, 99)
    mail = f"{first.lower()}.{last.lower().replace(chr(39), '')}{number}@{domain}"
    return f"{first} {last}", mail


def _rows(rng: random.Random, groups: list[Group]) -> list[tuple[str, list[int], str]]:
    """(group answer, five answers, comment) per respondent, groups interleaved."""
    rows = [(g.answer, [_answer(rng, m) for m in g.means],
             rng.choice(COMMENTS) if rng.random() < 0.4 else "") for g in groups for _ in range(g.respondents)]
    rng.shuffle(rows)
    return rows


CONSULTING_WAVE_1 = [
    Group("Partner or practice leader", 96, (4.2, 3.6, 2.8, 3.4, 3.1)),
    Group("Engagement manager or director", 210, (3.9, 3.5, 2.6, 2.9, 2.7)),
    Group("Consultant on client sites", 1620, (2.6, 3.3, 2.4, 2.2, 2.6)),
    Group("Knowledge team", 3, (4.5, 4.4, 4.0, 4.1, 3.8)),  # below the minimum group size
]
# Two months later: briefings and training have moved awareness and knowledge.
CONSULTING_WAVE_2 = [
    Group("Partner or practice leader", 88, (4.4, 3.9, 3.4, 3.6, 3.3)),
    Group("Engagement manager or director", 205, (4.2, 3.8, 3.3, 3.1, 3.0)),
    Group("Consultant on client sites", 1710, (3.6, 3.6, 3.1, 2.5, 2.8)),
    Group("Knowledge team", 4, (4.6, 4.5, 4.3, 4.2, 4.0)),
]


def google_forms_csv(rng: random.Random, groups: list[Group], closed: dt.date) -> str:
    """A Google Forms response sheet downloaded as CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Timestamp", "Email Address", GROUP_QUESTION, *(q for _, q in CONSULTING_QUESTIONS),
                     COMMENT_QUESTION])
    start = dt.datetime.combine(closed - dt.timedelta(days=14), dt.time(8, 0))
    for i, (group, answers, comment) in enumerate(_rows(rng, groups)):
        _, mail = _person(rng, "northbridge-consulting.com")
        when = start + dt.timedelta(minutes=11 * i + rng.randrange(0, 10))
        stamp = f"{when:%Y/%m/%d} {when.hour % 12 or 12}:{when:%M:%S} {'AM' if when.hour < 12 else 'PM'} GMT"
        writer.writerow([stamp, mail, group, *(LABELS[a - 1] for a in answers), comment])
    return out.getvalue()


def microsoft_forms_xlsx(rng: random.Random, groups: list[Group], closed: dt.date, path: Path) -> None:
    """A Microsoft Forms "Open results in Excel" workbook."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", GROUP_QUESTION,
                  *(q for _, q in CONSULTING_QUESTIONS), COMMENT_QUESTION])
    start = dt.datetime.combine(closed - dt.timedelta(days=10), dt.time(8, 30))
    for i, (group, answers, comment) in enumerate(_rows(rng, groups), start=1):
        name, mail = _person(rng, "northbridge-consulting.com")
        began = start + dt.timedelta(minutes=7 * i)
        sheet.append([i, began, began + dt.timedelta(minutes=3 + rng.randrange(0, 6)), mail, name, None, group,
                      *(LABELS[a - 1] for a in answers), comment or None])
    # Fixed document times: the same script gives the same bytes.
    fixed = dt.datetime(2027, 5, 28, 9, 0, 0)
    book.properties.created = fixed
    book.properties.modified = fixed
    book.properties.creator = "Microsoft Forms"
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_fixed_zip_times(buffer.getvalue()))


def _fixed_zip_times(data: bytes) -> bytes:
    """The workbook with every zip entry dated the same and the document's
    modified time fixed: openpyxl stamps both with the time of saving."""
    import re
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2027-05-28T09:00:00Z", content)
            target.writestr(zipfile.ZipInfo(item.filename, date_time=(2027, 5, 28, 9, 0, 0)), content,
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


RETAIL_QUESTIONS = [
    ("QID2", "awareness", "I know why we are replacing the weekly email cascade"),
    ("QID3", "desire", "I would rather get the weekly brief in one place than by email"),
    ("QID4", "knowledge", "I know where to find this week's brief on my phone"),
    ("QID5", "ability", "I have time in my shift to read the brief"),
    ("QID6", "reinforcement", "My area manager checks that we have read the brief"),
]
RETAIL_GROUPS = [
    Group("Store manager", 412, (3.8, 3.9, 2.7, 2.6, 3.2)),
    Group("Area manager", 58, (4.3, 4.0, 3.4, 3.3, 3.6)),
    Group("Head-office communications", 21, (4.6, 4.2, 3.9, 3.8, 3.7)),
]


def qualtrics_csv(rng: random.Random, groups: list[Group], closed: dt.date) -> str:
    """A Qualtrics "Download data table" CSV with its three header rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    ids = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
           "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail", "QID1",
           *(qid for qid, _, _ in RETAIL_QUESTIONS), "QID7_TEXT"]
    texts = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)",
             "Finished", "Recorded Date", "Response ID", "Recipient Last Name", "Recipient First Name",
             "Recipient Email", "What is your role?", *(text for _, _, text in RETAIL_QUESTIONS),
             "What would make the weekly brief easier to use? - Text"]
    imports = [f'{{"ImportId":"{name}"}}' for name in
               ["startDate", "endDate", "status", "ipAddress", "progress", "duration", "finished", "recordedDate",
                "_recordId", "recipientLastName", "recipientFirstName", "recipientEmail", "QID1",
                *(qid for qid, _, _ in RETAIL_QUESTIONS), "QID7_TEXT"]]
    writer.writerows([ids, texts, imports])
    start = dt.datetime.combine(closed - dt.timedelta(days=12), dt.time(6, 0))
    for i, (group, answers, comment) in enumerate(_rows(rng, groups)):
        name, mail = _person(rng, "harrow-stores.co.uk")
        first, last = name.split(" ", 1)
        began = start + dt.timedelta(minutes=17 * i)
        took = 60 + rng.randrange(0, 400)
        ended = began + dt.timedelta(seconds=took)
        ip = f"81.{rng.randrange(2, 250)}.{rng.randrange(0, 255)}.{rng.randrange(1, 254)}"
        writer.writerow([f"{began:%Y-%m-%d %H:%M:%S}", f"{ended:%Y-%m-%d %H:%M:%S}", "IP Address", ip, 100, took,
                         "True", f"{ended:%Y-%m-%d %H:%M:%S}", f"R_{rng.getrandbits(60):015x}", last, first, mail,
                         group, *answers, comment])
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the examples' evidence folder (examples/evidence)")
    args = parser.parse_args()
    consulting = args.out / "consulting"
    retail = args.out / "retail"
    consulting.mkdir(parents=True, exist_ok=True)
    retail.mkdir(parents=True, exist_ok=True)
    (consulting / "readiness-survey-2027-03.csv").write_bytes(
        google_forms_csv(random.Random(2027_03), CONSULTING_WAVE_1, dt.date(2027, 3, 26)).encode("utf-8"))
    microsoft_forms_xlsx(random.Random(2027_05), CONSULTING_WAVE_2, dt.date(2027, 5, 28),
                         consulting / "readiness-survey-2027-05.xlsx")
    (retail / "store-readiness-baseline.csv").write_bytes(
        qualtrics_csv(random.Random(2027_02), RETAIL_GROUPS, dt.date(2027, 2, 19)).encode("utf-8"))


if __name__ == "__main__":
    main()
