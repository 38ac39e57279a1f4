#!/usr/bin/env python3
"""More layouts, written with openpyxl straight (no grid), each with its questionnaire and answer
key in the format of cases.py:

    python3 tests/writers/variations.py OUTDIR   # writes OUTDIR/<name>.{xlsx,questionnaire,expected}.json

and prints the names. They come from trying mds as a new user would: a vendor name under its
label, a colon cell between label and value, ids typed with other dashes, 前回回答 | 今回回答,
該当 | 非該当 | 対象外 option columns, an example row that reuses a real id, an example sheet with a
made-up vendor, 対応可否 with 可 / 否, a numbered legend, a 確認日 column for a field of another id.
"""

import json
import sys

import openpyxl

OUT = sys.argv[1]
names = []


def questionnaire(name, ids, fields=None):
    items = []
    for i in ids:
        item = {"id": i, "text": {"ja": "質問", "en": "Question"},
                "answer": {"kind": "single", "vocabulary": "yes-no-na"}}
        if fields:
            item["fields"] = fields
        items.append(item)
    return {"format": "mds-questionnaire/1", "id": "var-" + name, "version": "1",
            "title": {"ja": "t", "en": "t"},
            "vocabularies": [{"id": "yes-no-na", "codes": [
                {"code": "yes", "label": {"ja": "はい", "en": "Yes"}},
                {"code": "no", "label": {"ja": "いいえ", "en": "No"}},
                {"code": "na", "label": {"ja": "対象外", "en": "N/A"}}]}],
            "cover": [{"id": "vendor", "label": {"ja": "事業者名", "en": "Vendor"}}],
            "sections": [{"id": "S1", "title": {"ja": "s", "en": "s"}, "items": items}]}


def save(name, wb, ids, answers, vendor, fields=None):
    wb.save(f"{OUT}/{name}.xlsx")
    with open(f"{OUT}/{name}.questionnaire.json", "w", encoding="utf-8") as f:
        json.dump(questionnaire(name, ids, fields), f, ensure_ascii=False)
    with open(f"{OUT}/{name}.expected.json", "w", encoding="utf-8") as f:
        json.dump({"answers": answers, "cover": {"vendor": vendor}, "findings": [], "exit": 0},
                  f, ensure_ascii=False)
    names.append(name)


# v1: the vendor under its label (labels side by side over their values); ids typed with the
# long-vowel mark, U+2010 and U+2212.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "回答"
ws["A1"], ws["B1"] = "会社名", "記入日"
ws["A2"], ws["B2"] = "株式会社タテ", "2026-04-01"
ws.append([])
ws.append(["項番", "確認項目", "回答"])
for iid, a in [("1ー1", "はい"), ("1‐2", "いいえ"), ("1−4", "対象外")]:
    ws.append([iid, "質問", a])
save("v1-value-under-label-and-dashes", wb, ["1-1", "1-2", "1-4"],
     {"1-1": {"value": "yes"}, "1-2": {"value": "no"}, "1-4": {"value": "na"}}, "株式会社タテ")

# v2: a colon cell between the label and the value; 前回回答 | 今回回答.
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["事業者名", "：", "コロン株式会社"])
ws.append([])
ws.append(["No.", "質問", "前回回答", "今回回答", "備考"])
ws.append(["Q-1", "質問", "いいえ", "はい"])
ws.append(["Q-2", "質問", "はい", None])
ws.append(["Q-3", "質問", None, "対象外", "クラウドのため"])
save("v2-colon-cell-and-last-time", wb, ["Q-1", "Q-2", "Q-3"],
     {"Q-1": {"value": "yes", "rounds": [{"label": "前回", "value": "no"}]},
      "Q-2": {"value": "yes"},
      "Q-3": {"value": "na", "remarks": "クラウドのため"}}, "コロン株式会社")

# v3: 該当 | 非該当 | 対象外 under a merged 回答: 非該当 is no.
wb = openpyxl.Workbook()
ws = wb.active
ws["A1"], ws["B1"] = "貴社名", "株式会社ガイトウ"
ws["A3"], ws["B3"], ws["C3"], ws["F3"] = "項番", "確認項目", "回答", "備考"
ws.merge_cells("C3:E3")
ws.merge_cells("A3:A4")
ws.merge_cells("B3:B4")
ws.merge_cells("F3:F4")
ws["C4"], ws["D4"], ws["E4"] = "該当", "非該当", "対象外"
for r, (iid, col) in enumerate([("A-1", "C"), ("A-2", "D"), ("A-3", "E")], start=5):
    ws[f"A{r}"], ws[f"B{r}"], ws[f"{col}{r}"] = iid, "質問", "◯"
save("v3-applies-does-not-apply", wb, ["A-1", "A-2", "A-3"],
     {"A-1": {"value": "yes"}, "A-2": {"value": "no"}, "A-3": {"value": "na"}}, "株式会社ガイトウ")

# v4: an example sheet with a made-up vendor first; an example row that reuses a real id.
wb = openpyxl.Workbook()
ex = wb.active
ex.title = "記入例"
ex.append(["事業者名", "株式会社サンプル（記入例）"])
ws = wb.create_sheet("回答")
ws.append(["事業者名", "本番株式会社"])
ws.append(["項番", "確認項目", "回答", "備考"])
ws.append(["1-1", "（記入例）方針を定めているか", "はい", "規程第3条に定める"])
ws.append(["1-1", "方針を定めているか", "いいえ", "作成中"])
ws.append(["1-2", "ログを取っているか", "はい"])
save("v4-example-row-and-sheet", wb, ["1-1", "1-2"],
     {"1-1": {"value": "no", "remarks": "作成中"}, "1-2": {"value": "yes"}}, "本番株式会社")

# v5: 対応可否 with 可 / 否 / －.
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["会社名", "カヒ株式会社"])
ws.append(["No.", "要件", "対応可否", "備考"])
ws.append(["R-1", "要件 1", "可"])
ws.append(["R-2", "要件 2", "否", "次期対応"])
ws.append(["R-3", "要件 3", "－"])
save("v5-possible-or-not", wb, ["R-1", "R-2", "R-3"],
     {"R-1": {"value": "yes"}, "R-2": {"value": "no", "remarks": "次期対応"},
      "R-3": {"value": "na"}}, "カヒ株式会社")

# v6: a numbered legend; a 確認日 column for the questionnaire's field confirmed_on.
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["事業者名", "バンゴウ株式会社"])
ws.append(["回答欄には 1：はい、2：いいえ、3：対象外 の番号を記入してください。"])
ws.append(["項番", "確認項目", "回答", "確認日"])
ws.append(["N-1", "質問", 1, "R8.4.1"])
ws.append(["N-2", "質問", 2, "2026年5月2日"])
ws.append(["N-3", "質問", 3])
field = [{"id": "confirmed_on", "label": {"ja": "確認日", "en": "Checked on"}, "kind": "date"}]
save("v6-numbered-legend-and-field-label", wb, ["N-1", "N-2", "N-3"],
     {"N-1": {"value": "yes", "fields": {"confirmed_on": "2026-04-01"}},
      "N-2": {"value": "no", "fields": {"confirmed_on": "2026-05-02"}},
      "N-3": {"value": "na"}}, "バンゴウ株式会社", field)

print(json.dumps(names, ensure_ascii=False))
