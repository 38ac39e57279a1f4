#!/usr/bin/env python3
"""Test inputs for mds layout detection: vendor-filled questionnaire workbooks.

    python3 tests/writers/cases.py OUTDIR

writes, for every case, three files into OUTDIR:

  <case>.grid.json           the workbook as a grid of cells (rendered to .xlsx by
                             write_openpyxl.py, write_xlsxwriter.py, write_exceljs.js)
  <case>.questionnaire.json  an mds-questionnaire/1 the answers refer to
  <case>.expected.json       the answer key: answers, cover, findings, exit (and mentions)

and prints a JSON array of the case names on stdout. Output is deterministic (every
random choice uses a generator seeded from the case name). Standard library only.

Case names start with their family letter:
  a  answer-option matrices (one column per option)
  b  all options in one cell (■はい　□いいえ　□対象外)
  c  a value and a note in one cell (いいえ：次期更新で対応)
  d  words vendors use, and legends giving marks
  e  two-row headers with rounds (1回目 | 2回目, dates)
  f  ids and headers (split ids, brackets, full-width, formulas, English, covers)
  g  columns that are not the vendor's answer (hospital review), and one ambiguity (exit 2)
  h  sheet furniture (examples, banners, memo rows, hidden rows, outlines, filters)

Grid format (rows and columns 1-based):
  {"sheets": [{"name", "hidden", "cells": [{"r", "c", "v"} | {"r", "c", "date"} |
    {"r", "c", "formula", "v"}], "merges": ["A5:A8"], "hidden_cols": [7],
    "hidden_rows": [40], "freeze": "C5", "autofilter": "A4:F30",
    "outline_rows": [{"from", "to", "collapsed"}], "print_titles_rows": "4:4",
    "widths": {"B": 60}, "validations": [{"sqref": "D6:D20", "list": "$D$101:$D$103"}]}]}
A merged range holds its value in its top-left cell only.
"""

import json
import os
import random
import sys
import zlib

YES, NO, NA = "yes", "no", "na"
CODES = (YES, NO, NA)
JA = {YES: "はい", NO: "いいえ", NA: "対象外"}
EN = {YES: "Yes", NO: "No", NA: "N/A"}


def col(c):
    """1-based column index -> letters."""
    s = ""
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


class D:
    """A date cell (ISO text)."""

    def __init__(self, iso):
        self.iso = iso


class F:
    """A formula cell with its cached value."""

    def __init__(self, formula, v):
        self.formula, self.v = formula, v


class Sheet:
    def __init__(self, name, hidden=False):
        self.name, self.hidden = name, hidden
        self.cells = {}
        self.merges, self.hidden_cols, self.hidden_rows = [], [], []
        self.freeze = self.autofilter = self.print_titles_rows = None
        self.outline_rows, self.validations = [], []
        self.widths = {}

    def put(self, r, c, v):
        if v is None:
            return
        cell = {"r": r, "c": c}
        if isinstance(v, D):
            cell["date"] = v.iso
        elif isinstance(v, F):
            cell["formula"] = v.formula
            cell["v"] = v.v
        else:
            assert isinstance(v, (str, int, float, bool)), v
            cell["v"] = v
        self.cells[(r, c)] = cell

    def merge(self, r1, c1, r2, c2):
        self.merges.append(f"{col(c1)}{r1}:{col(c2)}{r2}")

    def row(self, r, colmap, values):
        for k, v in values.items():
            if k in colmap:
                self.put(r, colmap[k], v)

    def to_json(self):
        d = {"name": self.name, "hidden": self.hidden,
             "cells": [self.cells[k] for k in sorted(self.cells)]}
        for k in ("merges", "hidden_cols", "hidden_rows", "outline_rows", "validations"):
            if getattr(self, k):
                d[k] = getattr(self, k)
        for k in ("freeze", "autofilter", "print_titles_rows"):
            if getattr(self, k):
                d[k] = getattr(self, k)
        if self.widths:
            d["widths"] = self.widths
        return d


class Case:
    def __init__(self, name, title=("セキュリティ確認票", "Security checklist")):
        self.name = name
        self.rng = random.Random(zlib.crc32(name.encode()))
        self.title = title
        self.sheets = []
        self.sections = []
        self.answers = {}
        self.vendor = None
        self.findings = []
        self.exit = 0
        self.mentions = None
        self.field_ids = []

    def sheet(self, name, hidden=False):
        sh = Sheet(name, hidden)
        self.sheets.append(sh)
        return sh

    def section(self, sid, ja, en):
        self.sections.append({"id": sid, "title": {"ja": ja, "en": en}, "items": []})

    def item(self, qid, q, value, remarks=None, rounds=None, fields=None):
        assert value in CODES or value is None, value
        assert qid not in self.answers, qid
        if not self.sections:
            self.section("S1", "第1章", "Chapter 1")
        self.sections[-1]["items"].append((qid, q))
        a = {"value": value}
        if remarks:
            a["remarks"] = remarks.strip()
        if rounds:
            a["rounds"] = rounds
        if fields:
            a["fields"] = fields
        self.answers[qid] = a

    def finding(self, code, row):
        self.findings.append({"code": code, "row": row})

    def questionnaire(self):
        labels = {"checked_on": ("確認日", "Date checked"), "target_date": ("目標日", "Target date")}
        secs = []
        for s in self.sections:
            items = []
            for qid, q in s["items"]:
                it = {"id": qid, "text": {"ja": q[0], "en": q[1]},
                      "answer": {"kind": "single", "vocabulary": "yes-no-na"}}
                if self.field_ids:
                    it["fields"] = [{"id": f, "label": {"ja": labels[f][0], "en": labels[f][1]},
                                     "kind": "date"} for f in self.field_ids]
                items.append(it)
            secs.append({"id": s["id"], "title": s["title"], "items": items})
        return {
            "format": "mds-questionnaire/1", "id": "case-" + self.name, "version": "1",
            "title": {"ja": self.title[0], "en": self.title[1]},
            "vocabularies": [{"id": "yes-no-na", "codes": [
                {"code": "yes", "label": {"ja": "はい", "en": "Yes"}},
                {"code": "no", "label": {"ja": "いいえ", "en": "No"}},
                {"code": "na", "label": {"ja": "対象外", "en": "N/A"}}]}],
            "cover": [{"id": "vendor", "label": {"ja": "事業者名", "en": "Vendor"},
                       "optional": not self.vendor}],
            "sections": secs,
        }

    def expected(self):
        e = {"answers": self.answers}
        if self.vendor:
            e["cover"] = {"vendor": self.vendor}
        e["findings"] = sorted(self.findings, key=lambda f: (f["row"], f["code"]))
        e["exit"] = self.exit
        if self.mentions:
            e["mentions"] = self.mentions
        return e

    def grid(self):
        return {"sheets": [s.to_json() for s in self.sheets]}


# ---------------------------------------------------------------- shared material

QUESTIONS = [
    ("パスワードの最小文字数を設定できますか", "Can a minimum password length be set?"),
    ("アカウントロックアウト機能がありますか", "Is there an account lockout function?"),
    ("二要素認証に対応していますか", "Is two-factor authentication supported?"),
    ("利用者ごとにアクセス権限を設定できますか", "Can access rights be set per user?"),
    ("操作ログを記録していますか", "Are operation logs recorded?"),
    ("ログの改ざん防止策がありますか", "Are logs protected against tampering?"),
    ("通信を暗号化していますか", "Is communication encrypted?"),
    ("保存データを暗号化していますか", "Is stored data encrypted?"),
    ("ウイルス対策ソフトを導入していますか", "Is anti-virus software installed?"),
    ("セキュリティパッチを定期的に適用していますか", "Are security patches applied regularly?"),
    ("バックアップを取得していますか", "Are backups taken?"),
    ("リストア手順を文書化していますか", "Is the restore procedure documented?"),
    ("脆弱性診断を実施していますか", "Is a vulnerability assessment performed?"),
    ("SBOMを提供できますか", "Can an SBOM be provided?"),
    ("リモート保守の接続経路を限定していますか", "Is the remote maintenance path restricted?"),
    ("保守作業の記録を提出できますか", "Can maintenance records be provided?"),
    ("不要なサービスを停止していますか", "Are unnecessary services disabled?"),
    ("初期パスワードの変更を強制していますか", "Is changing the initial password enforced?"),
    ("セッションのタイムアウトを設定できますか", "Can a session timeout be set?"),
    ("外部記憶媒体の利用を制限できますか", "Can the use of removable media be restricted?"),
    ("インシデント発生時の連絡体制がありますか", "Is there an incident contact procedure?"),
    ("サポート終了時期を明示していますか", "Is the end-of-support date stated?"),
    ("時刻同期に対応していますか", "Is time synchronisation supported?"),
    ("管理者アカウントを分離していますか", "Are administrator accounts separated?"),
    ("データの完全消去手順がありますか", "Is there a procedure for complete data erasure?"),
    ("クラウドサービスの所在国を開示していますか", "Is the country of the cloud service disclosed?"),
    ("従業員にセキュリティ教育を実施していますか", "Is security training given to staff?"),
    ("委託先の管理を行っていますか", "Are subcontractors managed?"),
    ("障害時の復旧目標時間を定めていますか", "Is a recovery time objective defined?"),
    ("医療情報システムの安全管理ガイドラインに準拠していますか",
     "Does it follow the safety management guidelines for medical information systems?"),
]
CHAPTERS = [("アクセス管理", "Access control"), ("ログ管理", "Logging"), ("暗号化", "Encryption"),
            ("保守", "Maintenance"), ("運用", "Operations")]
VENDORS_JA = ["株式会社サンプル医療", "東都メディカルシステムズ株式会社", "株式会社みなとヘルスケア",
              "北星電子株式会社", "合同会社さくらメディテック", "株式会社アオバ医療情報"]
VENDORS_EN = ["Acme Health Systems Inc.", "Northwind Medical Ltd.", "Contoso Imaging GmbH",
              "Globex Diagnostics Corp."]
NOTES_JA = ["次期更新で対応", "管理画面で設定可能", "オプション機能", "院内ネットワークに依存",
            "別紙参照", "標準機能", "保守契約に含む", "2027年度対応予定", "要相談"]
NOTES_EN = ["Planned for 2027", "Optional module", "Configurable by the administrator",
            "See attached document", "Standard feature", "Included in the maintenance contract"]
TITLES_JA = ["医療機器セキュリティ チェックリスト", "製造業者による医療情報セキュリティ開示書",
             "委託先セキュリティ確認シート", "情報セキュリティ対策状況 調査票"]
TITLES_EN = ["Security Questionnaire for Medical Devices", "Vendor Security Assessment",
             "Information Security Checklist"]
INSTR_JA = ["※ 該当する欄に記入してください。", "※ 備考欄には補足事項を記入してください。",
            "記入日：2026年4月1日", "※ 黄色のセルに回答してください。"]
INSTR_EN = ["Please answer every item.", "Use the comments column for any explanation.",
            "Fill in the yellow cells only."]
EXTRAS = {  # irrelevant columns: key -> (ja header, en header, values)
    "cat": ("分類", "Category", ["技術", "運用", "組織", "物理"]),
    "lvl": ("重要度", "Priority", ["高", "中", "低"]),
    "ref": ("参照", "Reference", ["ISO27001 A.9", "JIS Q 27002", "IEC 81001-5-1", "NIST CSF PR.AC"]),
    "tgt": ("対象", "Scope", ["サーバ", "端末", "ネットワーク", "全体"]),
}


def plan(rng, n, blanks=2):
    """n answer codes with each code present and `blanks` Nones."""
    vals = [rng.choices(CODES, (5, 3, 2))[0] for _ in range(n)]
    idx = list(range(n))
    rng.shuffle(idx)
    for i in idx[:blanks]:
        vals[i] = None
    for i, c in zip(idx[blanks:], CODES):
        vals[i] = c
    return vals


def questions(rng, n):
    return rng.sample(QUESTIONS, n)


def vendor_name(case, lang):
    return case.rng.choice(VENDORS_JA if lang == "ja" else VENDORS_EN)


def top_block(case, sh, avail, lang, vstyle, vlabel=None, extra=(), ncols=5):
    """Fill rows 1..avail above a table: title, vendor, extra lines (legends), instructions.

    vstyle: pair | pair_merged | one_cell | cover_table | none (the vendor is elsewhere)."""
    rng = case.rng
    blocks = []
    if vstyle != "none":
        name = vendor_name(case, lang)
        case.vendor = name
        vlabel = vlabel or ("会社名" if lang == "ja" else "Vendor")
        if vstyle == "pair":
            blocks.append([(1, vlabel), (2, name)])
        elif vstyle == "pair_merged":
            blocks.append([(1, vlabel), (2, name), ("merge", 2, min(ncols, 4))])
        elif vstyle == "one_cell":
            sep = "：" if lang == "ja" else ": "
            blocks.append([(1, f"{vlabel}{sep}{name}")])
        elif vstyle == "cover_table":
            prod = "電子カルテシステム MX-3" if lang == "ja" else "Imaging Server PACS-7"
            lab = ("製品名", "記入日") if lang == "ja" else ("Product", "Date")
            blocks += [[(1, 1), (2, vlabel), (3, name)], [(1, 2), (2, lab[0]), (3, prod)],
                       [(1, 3), (2, lab[1]), (3, D("2026-04-01"))]]
    blocks += [[(1, line)] for line in extra]
    need = len(blocks)
    assert need <= avail, (case.name, need, avail)
    title = rng.choice(TITLES_JA if lang == "ja" else TITLES_EN)
    instr = list(INSTR_JA if lang == "ja" else INSTR_EN)
    rng.shuffle(instr)
    rows = []
    if avail - need >= 1:
        rows.append([(1, title)])
    rows += blocks
    while len(rows) < avail - 1 and instr:
        rows.append([(1, instr.pop())])
    r = 1
    for blk in rows:
        for part in blk:
            if part[0] == "merge":
                sh.merge(r, part[1], r, part[2])
            else:
                sh.put(r, part[0], part[1])
        r += 1


def cover_sheet(case, lang, label, name=None):
    """A cover sheet with label:value pairs (the vendor among them); call before the table sheet."""
    sh = case.sheet("表紙" if lang == "ja" else "Cover")
    name = name or vendor_name(case, lang)
    case.vendor = name
    if lang == "ja":
        pairs = [("製品名", "画像管理サーバ PACS-7"), (label, name), ("記入日", D("2026-04-15")),
                 ("担当者", "山田 太郎")]
        sh.put(1, 1, "医療情報セキュリティ開示書")
    else:
        pairs = [("Product", "Infusion Pump IP-200"), (label, name), ("Date", D("2026-04-15")),
                 ("Contact", "Jane Doe")]
        sh.put(1, 1, "Manufacturer Disclosure Statement")
    for i, (k, v) in enumerate(pairs):
        sh.put(3 + i, 2, k)
        sh.put(3 + i, 3, v)
    sh.widths = {"B": 18, "C": 40}
    return sh


def layout(keys, start=1):
    return {k: start + i for i, k in enumerate(keys)}


def extra_values(rng, keys):
    return {k: rng.choice(EXTRAS[k][2]) for k in keys if k in EXTRAS}


def header_row(sh, r, colmap, headers):
    for k, c in colmap.items():
        if k in headers:
            sh.put(r, c, headers[k])
        elif k in EXTRAS:
            sh.put(r, c, EXTRAS[k][0])


def widths(sh, colmap, qwidth=50):
    if "q" in colmap:
        sh.widths[col(colmap["q"])] = qwidth
    for k in ("rem",):
        if k in colmap:
            sh.widths[col(colmap[k])] = 30


# ---------------------------------------------------------------- a: option matrices

A_SPECS = [
    # name, sheet, lang, header row (top of header), option labels, group header,
    # vertical merge of the other headers, filled marks, empty marks, column keys,
    # multiple-options row index, n items, vendor style, vendor label
    dict(name="a1-maru-group-merged", sheet="チェックリスト", lang="ja", hr=5,
         opts=["はい", "いいえ", "対象外"], group="回答", vmerge=True, marks=["○"], empty=[None],
         keys=["id", "q", "o0", "o1", "o2", "rem"], multi=4, n=12, vstyle="pair", vlabel="事業者名"),
    dict(name="a2-check-english", sheet="Security Checklist", lang="en", hr=3,
         opts=["Yes", "No", "N/A"], group=None, vmerge=False, marks=["✓", "✔", "x", "X"],
         empty=[None], keys=["id", "cat", "q", "o0", "o1", "o2", "rem"], multi=None, n=10,
         vstyle="one_cell", vlabel="Company"),
    dict(name="a3-vendor-words-empty-boxes", sheet="セキュリティ確認表", lang="ja", hr=4,
         opts=["対応済", "未対応", "対象外"], group="回答", vmerge=False, marks=["●", "◎", "■"],
         empty=["☐", "□"], keys=["no", "lvl", "q", "o0", "o1", "o2", "rem"], multi=7, n=14,
         vstyle="pair_merged", vlabel="貴社名"),
    dict(name="a4-checkbox-booleans", sheet="回答シート", lang="ja", hr=6,
         opts=["実施している", "実施していない", "該当なし"], group="回答", vmerge=True,
         marks=[True], empty=[False], keys=["id", "q", "o0", "o1", "o2", "ref"], multi=2, n=9,
         vstyle="pair", vlabel="製造業者名"),
    dict(name="a5-bilingual-numbers", sheet="質問票", lang="ja", hr=2,
         opts=["はい\nYes", "いいえ\nNo", "対象外\nN/A"], group="回答\nAnswer", vmerge=True,
         marks=[1], empty=[0], keys=["id", "q", "o0", "o1", "o2", "rem"], multi=10, n=16,
         vstyle="cover_sheet", vlabel="Manufacturer"),
    dict(name="a6-mixed-marks-deep-header", sheet="Sheet1", lang="ja", hr=8,
         opts=["はい", "いいえ", "対象外"], group=None, vmerge=False, marks=["◯", "〇", "☑"],
         empty=["□", None], keys=["tgt", "id", "q", "rem", "o0", "o1", "o2"], multi=None, n=20,
         vstyle="pair", vlabel="会社名"),
    dict(name="a7-answer-group-english", sheet="Questionnaire", lang="en", hr=4,
         opts=["Yes", "No", "N/A"], group="Answer", vmerge=True, marks=["●", "X"],
         empty=[None], keys=["id", "q", "o0", "o1", "o2", "rem"], multi=5, n=8,
         vstyle="pair", vlabel="Provider Name"),
]


def fam_a(s):
    c = Case(s["name"])
    rng = c.rng
    lang = s["lang"]
    two = s["group"] is not None
    hr = s["hr"]
    if s["vstyle"] == "cover_sheet":
        cover_sheet(c, lang, s["vlabel"])
        vst = "none"
    else:
        vst = s["vstyle"]
    sh = c.sheet(s["sheet"])
    cm = layout(s["keys"])
    top_block(c, sh, hr - 1, lang, vst, s["vlabel"], ncols=len(cm))
    heads = ({"id": "項番", "no": "No.", "q": "確認項目", "rem": "備考"} if lang == "ja" else
             {"id": "ID", "no": "No.", "q": "Question", "rem": "Comments"})
    if s["opts"][0].startswith("はい\n"):
        heads = {"id": "項番\nNo.", "q": "確認項目\nItem", "rem": "備考\nRemarks"}
    lower = hr + 1 if two else hr
    for k, cc in cm.items():
        if k.startswith("o"):
            sh.put(lower, cc, s["opts"][int(k[1])])
        else:
            h = heads.get(k, EXTRAS.get(k, ("", ""))[0 if lang == "ja" else 1])
            if two and s["vmerge"]:
                sh.put(hr, cc, h)
                sh.merge(hr, cc, lower, cc)
            else:
                sh.put(lower, cc, h)
    if two:
        o0 = cm["o0"]
        sh.put(hr, o0, s["group"])
        sh.merge(hr, o0, hr, o0 + 2)
    vals = plan(rng, s["n"], blanks=2)
    m = s["multi"]
    if m is not None and vals.count(vals[m]) == 1:  # keep every code answered somewhere
        j = next(j for j in range(s["n"]) if j != m and vals.count(vals[j]) > 1)
        vals[m], vals[j] = vals[j], vals[m]
    qs = questions(rng, s["n"])
    notes = NOTES_JA if lang == "ja" else NOTES_EN
    r = lower + 1
    for i in range(s["n"]):
        qid = f"{i + 1}" if "no" in cm else f"{'AC' if i < s['n'] // 2 else 'OP'}-{i + 1:02d}"
        row = {"q": qs[i][0] if lang == "ja" else qs[i][1]}
        row["no" if "no" in cm else "id"] = i + 1 if "no" in cm else qid
        row.update(extra_values(rng, s["keys"]))
        marked = []
        v = vals[i]
        if i == s["multi"]:
            marked = rng.sample(range(3), 2)
            v = None
            c.finding("multiple-options", r)
        elif v is not None:
            marked = [CODES.index(v)]
        empty = rng.choice(s["empty"])
        for j in range(3):
            row[f"o{j}"] = rng.choice(s["marks"]) if j in marked else empty
        rem = None
        if "rem" in cm and rng.random() < 0.35:
            rem = rng.choice(notes)
            row["rem"] = rem
        sh.row(r, cm, row)
        c.item(qid, qs[i], v, rem)
        r += 1
    widths(sh, cm)
    for k in ("o0", "o1", "o2"):
        sh.widths[col(cm[k])] = 10
    return c


# ---------------------------------------------------------------- b: options in one cell

B_SPECS = [
    dict(name="b1-squares-fullwidth-space", sheet="チェックシート", lang="ja", hr=4, on="■", off="□",
         sep="　", gap="", head="回答欄", keys=["id", "q", "ans", "rem"], n=12, vstyle="pair",
         vlabel="事業者名"),
    dict(name="b2-ballot-english", sheet="Checklist", lang="en", hr=2, on="☑", off="☐", sep=" ",
         gap="", head="Response", keys=["id", "q", "ans"], n=10, vstyle="cover_sheet",
         vlabel="Vendor"),
    dict(name="b3-circles-no-space", sheet="調査票", lang="ja", hr=6, on="●", off="○", sep="",
         gap="", head="回答", keys=["id", "cat", "q", "ans", "rem"], n=15, vstyle="one_cell",
         vlabel="会社名", start=2),
    dict(name="b4-fisheye-spaced", sheet="確認票", lang="ja", hr=3, on="◉", off="◯", sep="  ",
         gap=" ", head="御回答", keys=["id", "q", "ans"], n=9, vstyle="pair_merged",
         vlabel="貴社名"),
    dict(name="b5-line-breaks", sheet="セキュリティ", lang="ja", hr=7, on="■", off="□", sep="\n",
         gap="", head="回答", keys=["lvl", "id", "q", "ans", "rem"], n=18, vstyle="pair",
         vlabel="製造業者名"),
    dict(name="b6-circles-english-fullwidth", sheet="Vendor Questionnaire", lang="en", hr=5,
         on="●", off="○", sep="　", gap="", head="Answer", keys=["id", "q", "ans", "rem"], n=11,
         vstyle="pair", vlabel="Manufacturer"),
]


def fam_b(s):
    c = Case(s["name"])
    rng, lang = c.rng, s["lang"]
    if s["vstyle"] == "cover_sheet":
        cover_sheet(c, lang, s["vlabel"])
        vst = "none"
    else:
        vst = s["vstyle"]
    sh = c.sheet(s["sheet"])
    cm = layout(s["keys"], s.get("start", 1))
    top_block(c, sh, s["hr"] - 1, lang, vst, s["vlabel"], ncols=len(cm))
    heads = ({"id": "項番", "q": "確認内容", "ans": s["head"], "rem": "備考"} if lang == "ja" else
             {"id": "No.", "q": "Requirement", "ans": s["head"], "rem": "Notes"})
    header_row(sh, s["hr"], cm, heads)
    words = JA if lang == "ja" else EN
    vals = plan(rng, s["n"], blanks=2)
    qs = questions(rng, s["n"])
    for i in range(s["n"]):
        r = s["hr"] + 1 + i
        qid = f"S-{i + 1}" if lang == "en" else f"{i + 1:02d}"
        v = vals[i]
        cell = s["sep"].join((s["on"] if v == code else s["off"]) + s["gap"] + words[code]
                             for code in CODES)
        row = {"id": qid, "q": qs[i][0] if lang == "ja" else qs[i][1], "ans": cell}
        row.update(extra_values(rng, s["keys"]))
        rem = None
        if "rem" in cm and rng.random() < 0.3:
            rem = rng.choice(NOTES_JA if lang == "ja" else NOTES_EN)
            row["rem"] = rem
        sh.row(r, cm, row)
        c.item(qid, qs[i], v, rem)
    widths(sh, cm)
    sh.widths[col(cm["ans"])] = 28
    return c


# ---------------------------------------------------------------- c: value with a note

C_POOLS = {
    "c1-japanese-separators": ("ja", "回答", [
        ("いいえ：次期更新で対応", NO, "次期更新で対応"),
        ("はい。管理画面で設定可能です", YES, "管理画面で設定可能です"),
        ("はい、オプション機能", YES, "オプション機能"),
        ("いいえ，2027年度対応予定", NO, "2027年度対応予定"),
        ("対象外:ネットワーク非接続のため", NA, "ネットワーク非接続のため"),
        ("はい：標準機能", YES, "標準機能"),
        ("いいえ。代替策として運用で対応", NO, "代替策として運用で対応"),
        ("はい", YES, None), ("いいえ", NO, None), ("対象外", NA, None)]),
    "c2-brackets": ("ja", "回答", [
        ("はい（2025年度に導入済み）", YES, "2025年度に導入済み"),
        ("いいえ(次期バージョンで対応)", NO, "次期バージョンで対応"),
        ("対象外（クラウド版のみ）", NA, "クラウド版のみ"),
        ("はい (オプション)", YES, "オプション"),
        ("はい（ただし管理者のみ設定可）", YES, "ただし管理者のみ設定可"),
        ("いいえ（検討中）", NO, "検討中"),
        ("はい", YES, None), ("対象外", NA, None)]),
    "c3-breaks-spaces-slash": ("ja", "ご回答", [
        ("はい\n管理画面で設定", YES, "管理画面で設定"),
        ("いいえ　次期バージョンで対応", NO, "次期バージョンで対応"),
        ("はい 標準機能", YES, "標準機能"),
        ("はい/オプション対応", YES, "オプション対応"),
        ("はい・保守契約に含む", YES, "保守契約に含む"),
        ("対象外\n院内ネットワークに依存", NA, "院内ネットワークに依存"),
        ("いいえ/要相談", NO, "要相談"),
        ("いいえ", NO, None), ("はい", YES, None)]),
    "c4-english-notes": ("en", "Response", [
        ("No. Planned for 2027", NO, "Planned for 2027"),
        ("Yes/optional module", YES, "optional module"),
        ("Yes.", YES, None),
        ("Not applicable.", NA, None),
        ("Yes: configurable by the administrator", YES, "configurable by the administrator"),
        ("No (planned for the next release)", NO, "planned for the next release"),
        ("Yes\nSee attached document", YES, "See attached document"),
        ("Yes. Standard feature", YES, "Standard feature"),
        ("No", NO, None), ("N/A", NA, None)]),
    "c5-numbered-choices": ("ja", "回答（番号）", [
        ("1）はい", YES, None), ("2. いいえ", NO, None), ("3．対象外", NA, None),
        ("2）いいえ：ハードウェアが未対応のため", NO, "ハードウェアが未対応のため"),
        ("1. はい", YES, None), ("1）はい（標準機能）", YES, "標準機能"),
        ("3. 対象外", NA, None), ("2．いいえ", NO, None), ("1．はい", YES, None)]),
    "c6-bilingual-answers": ("ja", "回答/Answer", [
        ("はい Yes", YES, None), ("はい/Yes", YES, None), ("Yes（はい）", YES, None),
        ("いいえNo", NO, None), ("いいえ / No", NO, None), ("対象外 N/A", NA, None),
        ("N/A（対象外）", NA, None),
        ("はい/Yes：二要素認証に対応", YES, "二要素認証に対応"),
        ("いいえ No（次期更新で対応）", NO, "次期更新で対応")]),
}
C_LAYOUT = {
    "c1-japanese-separators": ("回答書", 5, ["id", "q", "ans", "cat"], "pair", "会社名"),
    "c2-brackets": ("質問票", 1, ["id", "q", "ans"], "cover_sheet", "事業者名"),
    "c3-breaks-spaces-slash": ("開示書", 4, ["cat", "id", "q", "ans", "ref"], "one_cell", "貴社名"),
    "c4-english-notes": ("MDS", 3, ["q", "id", "ans"], "pair_merged", "Company"),
    "c5-numbered-choices": ("確認シート", 6, ["id", "lvl", "q", "ans"], "pair", "製造業者名"),
    "c6-bilingual-answers": ("Checklist", 2, ["id", "q", "ans"], "one_cell", "会社名"),
}


def fam_c(name):
    lang, head, pool = C_POOLS[name]
    sheet, hr, keys, vst, vlabel = C_LAYOUT[name]
    c = Case(name)
    rng = c.rng
    if vst == "cover_sheet":
        cover_sheet(c, lang, vlabel)
        vst = "none"
    entries = list(pool) + [(None, None, None)] * 2
    rng.shuffle(entries)
    sh = c.sheet(sheet)
    cm = layout(keys)
    if hr > 1:
        top_block(c, sh, hr - 1, lang, vst, vlabel, ncols=len(cm))
    heads = ({"id": "No", "q": "質問項目", "ans": head} if lang == "ja" else
             {"id": "Ref", "q": "Question", "ans": head})
    header_row(sh, hr, cm, heads)
    qs = questions(rng, len(entries))
    for i, (text, v, rem) in enumerate(entries):
        r = hr + 1 + i
        qid = f"Q{i + 1:02d}" if lang == "en" else f"C-{i + 1}"
        row = {"id": qid, "q": qs[i][0] if lang == "ja" else qs[i][1], "ans": text}
        row.update(extra_values(rng, keys))
        sh.row(r, cm, row)
        c.item(qid, qs[i], v, rem)
    widths(sh, cm)
    sh.widths[col(cm["ans"])] = 36
    return c


# ---------------------------------------------------------------- d: vendor words, legends

YES_WORDS_1 = ["はい", "対応", "対応済", "対応済み", "対応可", "対応可能", "対応している", "実施"]
YES_WORDS_2 = ["実施済", "実施済み", "実施している", "該当", "該当する", "あり", "有", "ハイ", "ﾊｲ"]
NO_WORDS_1 = ["いいえ", "未対応", "対応不可", "非対応", "対応なし", "対応していない", "対応しない"]
NO_WORDS_2 = ["未実施", "実施していない", "実施しない", "実施なし", "なし", "無", "イイエ", "ｲｲｴ"]
NA_WORDS_1 = ["対象外", "該当なし", "非該当"]
NA_WORDS_2 = ["該当しない", "対象外です"]
EN_WORDS = [("Yes", YES), ("Y", YES), ("yes", YES), ("No", NO), ("N", NO), ("no", NO),
            ("N/A", NA), ("n/a", NA), ("NA", NA), ("Not Applicable", NA), ("Not applicable.", NA)]

D_SPECS = [
    dict(name="d1-japanese-words-1", sheet="回答", lang="ja", hr=3, head="回答",
         words=[(w, YES) for w in YES_WORDS_1] + [(w, NO) for w in NO_WORDS_1] +
         [(w, NA) for w in NA_WORDS_1], blanks=1, keys=["id", "q", "ans", "rem"],
         vstyle="pair", vlabel="会社名"),
    dict(name="d2-japanese-words-2", sheet="チェック項目", lang="ja", hr=5, head="対応状況",
         words=[(w, YES) for w in YES_WORDS_2] + [(w, NO) for w in NO_WORDS_2] +
         [(w, NA) for w in NA_WORDS_2], blanks=1, keys=["cat", "id", "q", "ans"],
         vstyle="one_cell", vlabel="事業者名"),
    dict(name="d3-english-words", sheet="Questions", lang="en", hr=1, head="Answer",
         words=EN_WORDS, blanks=2, keys=["id", "q", "ans", "rem"], vstyle="none", vlabel=None),
    dict(name="d4-legend-double-circle", sheet="チェックリスト", lang="ja", hr=5, head="回答",
         legend="記入方法：◎：はい　△：いいえ　／：対象外", marks={YES: "◎", NO: "△", NA: "／"},
         n=12, blanks=2, keys=["id", "q", "ans", "rem"], vstyle="pair", vlabel="貴社名"),
    dict(name="d5-legend-equals", sheet="確認表", lang="ja", hr=4, head="回答欄",
         legend="凡例　○＝はい、×＝いいえ、－＝対象外", marks={YES: "○", NO: "×", NA: "－"},
         n=14, blanks=2, keys=["id", "lvl", "q", "ans"], vstyle="pair_merged", vlabel="会社名",
         start=2),
    dict(name="d6-legend-ascii", sheet="Sheet1", lang="ja", hr=6, head="回答",
         legend="○:はい / ×:いいえ / -:対象外", marks={YES: "○", NO: "×", NA: "-"},
         n=10, blanks=1, keys=["id", "q", "ans", "rem"], vstyle="pair", vlabel="製造業者名"),
    dict(name="d7-legend-vendor-words", sheet="対策状況", lang="ja", hr=7, head="対応状況",
         legend="（凡例）●…対応済　▲…未対応　―…対象外", marks={YES: "●", NO: "▲", NA: "―"},
         n=16, blanks=2, keys=["id", "q", "ans", "tgt"], vstyle="one_cell", vlabel="事業者名",
         legend_merged=True),
]


def fam_d(s):
    c = Case(s["name"])
    rng, lang = c.rng, s["lang"]
    sh = c.sheet(s["sheet"])
    cm = layout(s["keys"], s.get("start", 1))
    extra = [s["legend"]] if "legend" in s else []
    if s["hr"] > 1:
        top_block(c, sh, s["hr"] - 1, lang, s["vstyle"], s["vlabel"], extra=extra, ncols=len(cm))
    if s.get("legend_merged"):
        for (r, cc), cell in list(sh.cells.items()):
            if cell.get("v") == s["legend"]:
                sh.merge(r, 1, r, len(cm))
    heads = ({"id": "項目番号", "q": "確認項目", "ans": s["head"], "rem": "補足"} if lang == "ja" else
             {"id": "#", "q": "Control", "ans": s["head"], "rem": "Explanation"})
    header_row(sh, s["hr"], cm, heads)
    if "words" in s:
        entries = list(s["words"])
    else:
        entries = [(s["marks"][v], v) for v in plan(rng, s["n"], 0)]
    entries += [(None, None)] * s["blanks"]
    rng.shuffle(entries)
    qs = [QUESTIONS[i % len(QUESTIONS)] for i in rng.sample(range(len(QUESTIONS)), len(QUESTIONS))]
    qs = (qs * 2)[:len(entries)]
    for i, (w, v) in enumerate(entries):
        r = s["hr"] + 1 + i
        qid = f"{i + 1}" if lang == "en" else f"D-{i + 1:02d}"
        qid_cell = i + 1 if lang == "en" else qid
        row = {"id": qid_cell, "q": qs[i][0] if lang == "ja" else qs[i][1], "ans": w}
        row.update(extra_values(rng, s["keys"]))
        rem = None
        if "rem" in cm and w is not None and rng.random() < 0.25:
            rem = rng.choice(NOTES_JA if lang == "ja" else NOTES_EN)
            row["rem"] = rem
        sh.row(r, cm, row)
        c.item(qid, qs[i], v, rem)
    widths(sh, cm)
    return c


# ---------------------------------------------------------------- e: rounds

def reiwa(iso):
    y, m, d = (int(x) for x in iso.split("-"))
    return f"令和{y - 2018}年{m}月{d}日"


def slash(iso):
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y}/{m}/{d}"


E_SPECS = [
    # rounds: list of (label, [sub columns]) ; sub: ans | chk | tgt
    dict(name="e1-kaime-dates", sheet="チェックリスト", hr=5, vmerge=True,
         rounds=[("1回目", ["ans", "chk"]), ("2回目", ["ans", "chk", "tgt"])], dates="cell",
         words=JA, n=12, vstyle="pair", vlabel="会社名", rem=True),
    dict(name="e2-shokai-saikakunin-slash", sheet="確認シート", hr=4, vmerge=False,
         rounds=[("初回", ["ans", "chk"]), ("再確認", ["ans", "chk"])], dates="slash",
         words=JA, n=10, vstyle="one_cell", vlabel="事業者名", rem=False),
    dict(name="e3-nendo-reiwa", sheet="年次点検", hr=3, vmerge=True,
         rounds=[("昨年度", ["ans", "chk"]), ("本年度", ["ans", "chk", "tgt"])], dates="reiwa",
         words={YES: "対応済", NO: "未対応", NA: "対象外"}, n=14, vstyle="pair", vlabel="貴社名",
         rem=True),
    dict(name="e4-r6-r7-r8", sheet="R8点検", hr=6, vmerge=True,
         rounds=[("R6", ["ans", "chk"]), ("R7", ["ans", "chk"]), ("R8", ["ans", "chk", "tgt"])],
         dates="mixed", words=JA, n=11, vstyle="pair_merged", vlabel="製造業者名", rem=False),
    dict(name="e5-answer-group-rounds", sheet="回答表", hr=2, vmerge=True, group="回答",
         rounds=[("1回目", ["ans"]), ("2回目", ["ans"])], dates=None, words=JA, n=13,
         vstyle="cover_sheet", vlabel="会社名", rem=True),
]
SUB_HEAD = {"ans": "回答", "chk": "確認日", "tgt": "目標日"}


def fam_e(s):
    c = Case(s["name"])
    rng = c.rng
    vst = s["vstyle"]
    if vst == "cover_sheet":
        cover_sheet(c, "ja", s["vlabel"])
        vst = "none"
    sh = c.sheet(s["sheet"])
    hr = s["hr"]
    # columns: id, q, rounds..., rem
    cm = {"id": 1, "q": 2}
    cc = 3
    rcols = []
    for label, subs in s["rounds"]:
        rc = {}
        for sub in subs:
            rc[sub] = cc
            cc += 1
        rcols.append(rc)
    if s["rem"]:
        cm["rem"] = cc
        cc += 1
    top_block(c, sh, hr - 1, "ja", vst, s["vlabel"], ncols=cc - 1)
    if any("chk" in rc for rc in rcols):
        c.field_ids.append("checked_on")
    if any("tgt" in rc for rc in rcols):
        c.field_ids.append("target_date")
    for k, h in (("id", "項番"), ("q", "確認項目"), ("rem", "備考")):
        if k in cm:
            if s["vmerge"]:
                sh.put(hr, cm[k], h)
                sh.merge(hr, cm[k], hr + 1, cm[k])
            else:
                sh.put(hr + 1, cm[k], h)
    if s.get("group"):
        first = rcols[0]["ans"]
        sh.put(hr, first, s["group"])
        sh.merge(hr, first, hr, rcols[-1]["ans"])
        for (label, _), rc in zip(s["rounds"], rcols):
            sh.put(hr + 1, rc["ans"], label)
    else:
        for (label, subs), rc in zip(s["rounds"], rcols):
            a, b = min(rc.values()), max(rc.values())
            sh.put(hr, a, label)
            if b > a:
                sh.merge(hr, a, hr, b)
            for sub, x in rc.items():
                sh.put(hr + 1, x, SUB_HEAD[sub])
    nr = len(s["rounds"])
    qs = questions(rng, s["n"])
    patterns = (["all"] * 4 + ["last"] * 3 + ["first"] * 2 + ["none"] + ["mid"] * (nr > 2))
    patterns += [rng.choice(patterns) for _ in range(s["n"] - len(patterns))]
    rng.shuffle(patterns)
    half = s["n"] // 2
    for i in range(s["n"]):
        r = hr + 2 + i
        qid = f"1-{i + 1}" if i < half else f"2-{i + 1 - half}"
        row = {"id": qid, "q": qs[i][0]}
        pat = patterns[i]
        if pat == "all":
            answered = list(range(nr))
        elif pat == "last":
            answered = [nr - 1]
        elif pat == "first":
            answered = [0]
        elif pat == "mid":
            answered = [0, 1]
        else:
            answered = []
        vals = {}
        for k in answered:
            vals[k] = rng.choices(CODES, (4, 3, 1))[0]
        # later rounds usually fix earlier "no"s
        if len(answered) > 1 and vals[answered[0]] == NO and rng.random() < 0.6:
            vals[answered[-1]] = YES
        fields = {}
        for k in answered:
            v = vals[k]
            rc = rcols[k]
            sh.put(r, rc["ans"], s["words"][v])
            day = f"{2026 - (nr - 1 - k)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            tday = f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            chosen = k == answered[-1]
            style = s["dates"]
            if style == "mixed":
                style = rng.choice(["cell", "slash", "reiwa"])

            def render(iso):
                return D(iso) if style == "cell" else slash(iso) if style == "slash" else reiwa(iso)
            if "chk" in rc and rng.random() < 0.8:
                sh.put(r, rc["chk"], render(day))
                if chosen:
                    fields["checked_on"] = day
            if "tgt" in rc and v == NO:
                sh.put(r, rc["tgt"], render(tday))
                if chosen:
                    fields["target_date"] = tday
        value = vals[answered[-1]] if answered else None
        rounds = [{"label": s["rounds"][k][0], "value": vals[k]} for k in answered[:-1]]
        rem = None
        if "rem" in cm and rng.random() < 0.3:
            rem = rng.choice(NOTES_JA)
            row["rem"] = rem
        sh.row(r, cm, row)
        c.item(qid, qs[i], value, rem, rounds or None, fields or None)
    sh.widths = {"B": 44}
    return c


# ---------------------------------------------------------------- f: ids and headers

def circled(n):
    return chr(0x2460 + n - 1)


def fullwidth(s):
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" and ch != "-" else
                   ("－" if ch == "-" else ch) for ch in s)


def fam_f_split(name, letters):
    """Ids split over a chapter column (merged down the chapter) and a number column."""
    c = Case(name)
    rng = c.rng
    lang = "en" if letters else "ja"
    sh = c.sheet("Controls" if letters else "質問一覧")
    hr = 4 if letters else 3
    cm = layout(["ch", "no", "q", "ans", "rem"])
    top_block(c, sh, hr - 1, lang, "pair", "Vendor" if letters else "事業者名")
    heads = ({"ch": "Section", "no": "No.", "q": "Control", "ans": "Vendor Response",
              "rem": "Comments"} if letters else
             {"ch": "章", "no": "番号", "q": "確認項目", "ans": "回答", "rem": "備考"})
    header_row(sh, hr, cm, heads)
    words = EN if letters else JA
    sizes = [4, 3, 5] if letters else [3, 4, 2, 3]
    vals = plan(rng, sum(sizes), 2)
    qs = questions(rng, sum(sizes))
    r = hr + 1
    k = 0
    for ci, size in enumerate(sizes):
        chap = "ABCDE"[ci] if letters else ci + 1
        c.section(f"S{ci + 1}", *CHAPTERS[ci])
        sh.put(r, cm["ch"], chap)
        sh.merge(r, cm["ch"], r + size - 1, cm["ch"])
        for n in range(1, size + 1):
            qid = f"{chap}-{n}"
            v = vals[k]
            row = {"no": n, "q": qs[k][1] if letters else qs[k][0],
                   "ans": words[v] if v else None}
            rem = None
            if rng.random() < 0.3 and v:
                rem = rng.choice(NOTES_EN if letters else NOTES_JA)
                row["rem"] = rem
            sh.row(r, cm, row)
            c.item(qid, qs[k], v, rem)
            r += 1
            k += 1
    widths(sh, cm)
    return c


def fam_f_ids(name, ids, sheet, hr, heads, keys, lang, vstyle, vlabel, qids=None,
              words=None, cover_first=False):
    """A plain table whose id column holds `ids` (cell values); qids are the questionnaire ids."""
    c = Case(name)
    rng = c.rng
    qids = qids or [str(i) if not isinstance(i, F) else i.v for i in ids]
    if cover_first:
        cover_sheet(c, lang, vlabel)
        vstyle = "none"
    sh = c.sheet(sheet)
    cm = layout(keys)
    if hr > 1:
        top_block(c, sh, hr - 1, lang, vstyle, vlabel, ncols=len(cm))
    header_row(sh, hr, cm, heads)
    words = words or (JA if lang == "ja" else EN)
    n = len(ids)
    vals = plan(rng, n, 2)
    qs = questions(rng, n)
    for i in range(n):
        r = hr + 1 + i
        v = vals[i]
        row = {"id": ids[i], "q": qs[i][0] if lang == "ja" else qs[i][1],
               "ans": words[v] if v else None}
        row.update(extra_values(rng, keys))
        rem = None
        if "rem" in cm and v and rng.random() < 0.3:
            rem = rng.choice(NOTES_JA if lang == "ja" else NOTES_EN)
            row["rem"] = rem
        sh.row(r, cm, row)
        c.item(qids[i], qs[i], v, rem)
    widths(sh, cm)
    return c, sh


def fam_f():
    out = [fam_f_split("f1-split-ids-numeric", False), fam_f_split("f2-split-ids-letters", True)]
    ids = ["7-4-(1)", "7-4-(2)", "7-4-(3)", "7-5-(1)", "7-5-(2)", "6.5.1(1)", "6.5.1(2)",
           "6.5.2(1)", "6.5.2(2)", "6.5.2(3)"]
    out.append(fam_f_ids("f3-bracket-ids", ids, "要求事項", 5,
                         {"id": "項番", "q": "要求事項", "ans": "回答", "rem": "説明"},
                         ["id", "q", "ans", "rem"], "ja", "pair", "会社名")[0])
    ids = [f"{a}-{circled(n)}" for a, m in ((3, 4), (4, 3), (5, 5)) for n in range(1, m + 1)]
    out.append(fam_f_ids("f4-circled-ids", ids, "確認表", 3,
                         {"id": "No.", "q": "確認事項", "ans": "回答", "cat": "分類"},
                         ["cat", "id", "q", "ans"], "ja", "one_cell", "製造業者名")[0])
    plain = [f"{a}-{n}" for a, m in (("A", 5), ("B", 4), ("C", 3)) for n in range(1, m + 1)]
    out.append(fam_f_ids("f5-fullwidth-ids-bilingual-headers", [fullwidth(x) for x in plain],
                         "開示書", 4, {"id": "項番\nNo.", "q": "確認項目\nItem",
                                       "ans": "回答/Answer", "rem": "備考 Remarks"},
                         ["id", "q", "ans", "rem"], "ja", "pair_merged", "貴社名", qids=plain)[0])
    nums = list(range(1, 16))
    out.append(fam_f_ids("f6-plain-numbers-english", nums, "Requirements", 1,
                         {"id": "#", "q": "Requirement", "ans": "Vendor Response",
                          "rem": "Explanation", "ref": "Reference"},
                         ["id", "ref", "q", "ans", "rem"], "en", "none", "Provider Name",
                         cover_first=True)[0])
    hr = 4
    fids = [F(f'="Q-"&TEXT(ROW()-{hr},"00")', f"Q-{i:02d}") for i in range(1, 12)]
    out.append(fam_f_ids("f7-formula-ids", fids, "Security", hr,
                         {"id": "ID", "q": "Item text", "ans": "Reply", "rem": "Notes"},
                         ["id", "q", "ans", "rem"], "en", "pair", "Manufacturer")[0])
    aids = [f"{a}-{n}" for a, m in (("A", 4), ("B", 5), ("C", 4)) for n in range(1, m + 1)]
    out.append(fam_f_ids("f8-numbered-cover-table", aids, "質問票", 7,
                         {"id": "項目", "q": "確認内容", "ans": "回答", "rem": "コメント"},
                         ["id", "q", "ans", "rem"], "ja", "cover_table", "会社名")[0])
    return out


# ---------------------------------------------------------------- g: not the vendor's answer

G_SPECS = [
    dict(name="g1-hospital-review-marks", sheet="チェックリスト", hr=4,
         keys=["id", "q", "ans", "rev", "rem"],
         heads={"id": "項番", "q": "確認項目", "ans": "御社回答", "rev": "病院確認欄", "rem": "備考"},
         rev=["○", "×", None], lang="ja", vstyle="pair", vlabel="会社名"),
    dict(name="g2-review-left-and-reviewer", sheet="確認表", hr=5,
         keys=["id", "cat", "q", "rev", "ans", "who", "rem"],
         heads={"id": "No", "q": "確認内容", "rev": "当院チェック", "ans": "事業者回答", "who": "確認者",
                "rem": "備考"},
         rev=["✓", None], who=["山田", "佐藤", None], lang="ja", vstyle="one_cell",
         vlabel="事業者名", words={YES: "対応済", NO: "未対応", NA: "対象外"}),
    dict(name="g3-vendor-answer-reviewer-names", sheet="ベンダー確認", hr=3,
         keys=["id", "q", "ans", "who", "rem"],
         heads={"id": "項番", "q": "質問", "ans": "ベンダー回答", "who": "確認者", "rem": "コメント"},
         who=["山田", "鈴木 花子", "情報システム課", None], lang="ja", vstyle="pair_merged",
         vlabel="貴社名", start=2),
    dict(name="g4-english-hospital-review", sheet="Assessment", hr=2,
         keys=["id", "q", "ans", "rev", "rem"],
         heads={"id": "Item", "q": "Requirement", "ans": "Vendor Response", "rev": "Hospital Review",
                "rem": "Remarks"},
         rev=["OK", "✓", "J. Smith", None], lang="en", vstyle="cover_sheet", vlabel="Company"),
    dict(name="g5-plain-answer-with-review", sheet="回答", hr=6,
         keys=["id", "q", "rev", "ans", "rem"],
         heads={"id": "項番", "q": "確認項目", "rev": "病院確認欄", "ans": "回答", "rem": "備考"},
         rev=["○", "△", "×", None], lang="ja", vstyle="pair", vlabel="製造業者名"),
]


def fam_g(s):
    c = Case(s["name"])
    rng, lang = c.rng, s["lang"]
    vst = s["vstyle"]
    if vst == "cover_sheet":
        cover_sheet(c, lang, s["vlabel"])
        vst = "none"
    sh = c.sheet(s["sheet"])
    cm = layout(s["keys"], s.get("start", 1))
    top_block(c, sh, s["hr"] - 1, lang, vst, s["vlabel"], ncols=len(cm))
    header_row(sh, s["hr"], cm, s["heads"])
    words = s.get("words") or (JA if lang == "ja" else EN)
    n = rng.randint(9, 14)
    vals = plan(rng, n, 2)
    qs = questions(rng, n)
    for i in range(n):
        r = s["hr"] + 1 + i
        qid = f"{'G' if lang == 'ja' else 'R'}-{i + 1}"
        v = vals[i]
        row = {"id": qid, "q": qs[i][0] if lang == "ja" else qs[i][1],
               "ans": words[v] if v else None}
        if "rev" in cm:
            row["rev"] = rng.choice(s["rev"])
        if "who" in cm:
            row["who"] = rng.choice(s["who"])
        row.update(extra_values(rng, s["keys"]))
        rem = None
        if rng.random() < 0.3 and v:
            rem = rng.choice(NOTES_JA if lang == "ja" else NOTES_EN)
            row["rem"] = rem
        sh.row(r, cm, row)
        c.item(qid, qs[i], v, rem)
    widths(sh, cm)
    return c


def fam_g_ambiguous():
    """Two plain 回答 columns (D and E) and nothing to tell them apart: exit 2."""
    c = Case("g6-two-answer-columns-ambiguous")
    rng = c.rng
    sh = c.sheet("回答シート")
    hr = 3
    cm = layout(["id", "cat", "q", "a1", "a2", "rem"])
    assert col(cm["a1"]) == "D" and col(cm["a2"]) == "E"
    top_block(c, sh, hr - 1, "ja", "pair", "会社名")
    header_row(sh, hr, cm, {"id": "項番", "q": "確認項目", "a1": "回答", "a2": "回答", "rem": "備考"})
    n = 10
    v1, v2 = plan(rng, n, 1), plan(rng, n, 1)
    qs = questions(rng, n)
    for i in range(n):
        qid = f"A-{i + 1}"
        row = {"id": qid, "q": qs[i][0], "a1": JA[v1[i]] if v1[i] else None,
               "a2": JA[v2[i]] if v2[i] else None}
        row.update(extra_values(rng, ["cat"]))
        sh.row(hr + 1 + i, cm, row)
        c.item(qid, qs[i], None)  # nothing is imported: the run stops with exit 2
    c.exit = 2
    c.mentions = ["D", "E"]
    widths(sh, cm)
    return c


# ---------------------------------------------------------------- h: sheet furniture

BANNERS = {
    "dai": lambda i, ja, en: f"第{i}章 {ja}",
    "sumi": lambda i, ja, en: f"【{i}】{ja}",
    "dot": lambda i, ja, en: f"{i}. {ja}",
    "chapter": lambda i, ja, en: f"Chapter {i}: {en}",
    "square": lambda i, ja, en: f"■ {ja}",
}


def fam_h(name, sheet, hr, lang, banner, sizes, vstyle, vlabel, example=None, choice_list=False,
          commentary=False, memo=False, outline=False, hidden_item=False, filtered=False,
          freeze=False, autofilter=False, print_titles=False, hidden_col=False, list_sheet=False,
          banner_merged=False, keys=("id", "q", "ans", "rem")):
    c = Case(name)
    rng = c.rng
    if vstyle == "cover_sheet":
        cover_sheet(c, lang, vlabel)
        vstyle = "none"
    sh = c.sheet(sheet)
    keys = list(keys)
    if hidden_col:
        keys.insert(2, "memo")
    cm = layout(keys)
    top_block(c, sh, hr - 1, lang, vstyle, vlabel, ncols=len(cm))
    heads = ({"id": "項番", "q": "確認項目", "ans": "回答", "rem": "備考", "memo": "社内メモ"}
             if lang == "ja" else
             {"id": "No.", "q": "Question", "ans": "Answer", "rem": "Comments",
              "memo": "Internal"})
    header_row(sh, hr, cm, heads)
    words = JA if lang == "ja" else EN
    r = hr + 1
    if example:
        ex = {"id": example, "q": "（例）パスワードの有効期限を設定できますか" if lang == "ja" else
              "(Example) Can a password expiry be set?", "ans": words[YES],
              "rem": "例：90日で設定可能" if lang == "ja" else "e.g. 90 days"}
        sh.row(r, cm, ex)
        r += 1
    n = sum(sizes)
    vals = plan(rng, n, 2)
    qs = questions(rng, n)
    k = 0
    outline_groups = []
    for ci, size in enumerate(sizes):
        ja, en = CHAPTERS[ci]
        c.section(f"S{ci + 1}", ja, en)
        sh.put(r, 1, BANNERS[banner](ci + 1, ja, en))
        if banner_merged:
            sh.merge(r, 1, r, len(cm))
        r += 1
        first_item_row = r
        for j in range(size):
            qid = f"{ci + 1}-{j + 1}" if banner != "chapter" else f"{'ABCDE'[ci]}{j + 1:02d}"
            v = vals[k]
            row = {"id": qid, "q": qs[k][0] if lang == "ja" else qs[k][1],
                   "ans": words[v] if v else None}
            if "memo" in cm:
                row["memo"] = rng.choice(["確認中", "要再確認", "済", None])
            rem = None
            if "rem" in cm and v and rng.random() < 0.3:
                rem = rng.choice(NOTES_JA if lang == "ja" else NOTES_EN)
                row["rem"] = rem
            sh.row(r, cm, row)
            item_row = r
            r += 1
            if commentary and j == 1:
                sh.put(r, cm["q"], "※ 管理者権限を持つ利用者のみが対象です" if lang == "ja" else
                       "※ Applies to administrator accounts only")
                r += 1
            if memo and j == size - 2:
                sh.put(r, cm["q"], "【補足】以下の項目はクラウド版をご利用の場合のみ回答してください"
                       if lang == "ja" else "Note: answer the following only for the cloud edition")
                r += 1
            c.item(qid, qs[k], v, rem)
            if hidden_item and ci == 1 and j == 1:
                sh.hidden_rows.append(item_row)
                c.finding("hidden-content", item_row)
            if filtered and ci == len(sizes) - 1 and j in (0, 2):
                sh.hidden_rows.append(item_row)
                c.finding("hidden-content", item_row)
            k += 1
        if outline and ci >= 1:
            collapsed = ci == 1
            outline_groups.append({"from": first_item_row, "to": r - 1, "collapsed": collapsed})
            if collapsed:
                for rr in range(first_item_row, r):
                    if any(rr == cell["r"] and cell["c"] == cm["id"] for cell in sh.cells.values()):
                        c.finding("hidden-content", rr)
    last = r - 1
    if outline_groups:
        sh.outline_rows = outline_groups
    if choice_list:
        base = last + 60
        for i, code in enumerate(CODES):
            sh.put(base + i, cm["ans"], words[code])
            sh.hidden_rows.append(base + i)
        a = col(cm["ans"])
        sh.validations.append({"sqref": f"{a}{hr + 1}:{a}{last}",
                               "list": f"${a}${base}:${a}${base + 2}"})
    if list_sheet:
        ls = c.sheet("リスト" if lang == "ja" else "Lists", hidden=True)
        for i, code in enumerate(CODES):
            ls.put(1 + i, 1, words[code])
        a = col(cm["ans"])
        sh.validations.append({"sqref": f"{a}{hr + 1}:{a}{last}",
                               "list": f"'{ls.name}'!$A$1:$A$3"})
    if freeze:
        sh.freeze = f"{col(cm['q'])}{hr + 1}"
    if autofilter:
        sh.autofilter = f"A{hr}:{col(len(cm))}{last}"
    if print_titles:
        sh.print_titles_rows = f"{hr}:{hr}"
    if hidden_col:
        sh.hidden_cols.append(cm["memo"])
    widths(sh, cm)
    return c


def fam_h_all():
    return [
        fam_h("h1-example-row-banners-freeze", "チェックリスト", 5, "ja", "dai", [4, 3, 4], "pair",
              "会社名", example="記入例", freeze=True, print_titles=True),
        fam_h("h2-choice-list-autofilter", "確認票", 4, "ja", "sumi", [3, 4, 3], "one_cell",
              "事業者名", example="例", choice_list=True, autofilter=True, banner_merged=True),
        fam_h("h3-commentary-and-memo-rows", "回答書", 3, "ja", "dot", [4, 4, 3], "pair_merged",
              "貴社名", commentary=True, memo=True, print_titles=True),
        fam_h("h4-outline-groups-english", "Questionnaire", 3, "en", "chapter", [3, 3, 4],
              "cover_sheet", "Manufacturer", outline=True, freeze=True),
        fam_h("h5-hidden-and-filtered-rows", "セキュリティ", 6, "ja", "square", [4, 3, 5], "pair",
              "製造業者名", hidden_item=True, filtered=True, autofilter=True, freeze=True,
              hidden_col=True),
        fam_h("h6-hidden-list-sheet-everything", "Sheet1", 8, "ja", "dai", [3, 3, 3, 3],
              "cover_table", "会社名", example="記入例", commentary=True, memo=True, outline=True,
              list_sheet=True, autofilter=True, print_titles=True, banner_merged=True,
              keys=("id", "lvl", "q", "ans", "rem")),
    ]


# ---------------------------------------------------------------- main

def all_cases():
    cases = [fam_a(s) for s in A_SPECS]
    cases += [fam_b(s) for s in B_SPECS]
    cases += [fam_c(n) for n in C_POOLS]
    cases += [fam_d(s) for s in D_SPECS]
    cases += [fam_e(s) for s in E_SPECS]
    cases += fam_f()
    cases += [fam_g(s) for s in G_SPECS] + [fam_g_ambiguous()]
    cases += fam_h_all()
    names = [c.name for c in cases]
    assert len(names) == len(set(names))
    for c in cases:
        assert 8 <= len(c.answers) <= 20, (c.name, len(c.answers))
    return cases


def dump(path, obj):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: cases.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    cases = all_cases()
    for c in cases:
        dump(os.path.join(out, c.name + ".grid.json"), c.grid())
        dump(os.path.join(out, c.name + ".questionnaire.json"), c.questionnaire())
        dump(os.path.join(out, c.name + ".expected.json"), c.expected())
    print(json.dumps([c.name for c in cases], ensure_ascii=False))


if __name__ == "__main__":
    main()
