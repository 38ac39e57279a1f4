//! The command line in the user's language: `--help` of every command and clap's argument
//! errors in Japanese by default, in English with `--lang en` (or `MDS_LANG=en`). The English
//! texts are the doc comments of `args.rs`; the Japanese ones are here, by command and argument.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use mds_core::Lang;

/// The language asked for before the arguments are parsed: `--lang en` / `--lang=en` anywhere
/// on the command line, else `MDS_LANG`, else Japanese.
pub fn requested() -> Lang {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut given = None;
    for (i, a) in args.iter().enumerate() {
        if let Some(v) = a.strip_prefix("--lang=") {
            given = Some(v.to_string());
        } else if a == "--lang" {
            given = args.get(i + 1).cloned();
        }
    }
    let choice = given.or_else(|| std::env::var("MDS_LANG").ok());
    match choice.as_deref().map(str::trim) {
        Some(v) if v.eq_ignore_ascii_case("en") || v.to_ascii_lowercase().starts_with("en_") => {
            Lang::En
        }
        _ => Lang::Ja,
    }
}

/// What a command does, in Japanese, by its path (`profile new`).
const ABOUT: &[(&str, &str)] = &[
    (
        "",
        "mds: 医療情報セキュリティ開示書（MDS/SDS など）を作る・確かめる・比べるツール",
    ),
    (
        "catalog",
        "質問票の一覧（組み込みと利用者カタログ）。1 つを表示: mds catalog show ID[@版]",
    ),
    ("catalog show", "質問票を JSON で表示します"),
    (
        "form",
        "記入用の様式（xlsx か JSON）を作ります。前回の回答を引き継ぐこともできます",
    ),
    (
        "validate",
        "開示書・プロファイル・質問票を、形式と質問票に照らして検査します",
    ),
    (
        "schema",
        "文書の種類の JSON スキーマを出力します（questionnaire, response, profile）",
    ),
    (
        "import",
        "記入済みのブック（.xlsx, .xlsm, .ods）を開示書（JSON）に取り込みます",
    ),
    (
        "export",
        "開示書（JSON）を記入済みのブック（.xlsx）に書き出します",
    ),
    (
        "inspect",
        "ブックの読み取り結果（シート、表、見出し行、列の役割）を表示します",
    ),
    (
        "questionnaire",
        "公式様式の手元のコピーから質問票を作ります: mds questionnaire extract",
    ),
    (
        "questionnaire extract",
        "公式のワークブック（白紙でも記入済みでも）から質問票（ID、質問文、章、選択肢、参照）を作ります",
    ),
    (
        "diff",
        "2 つの開示書の違いを示します（同じなら 0、違えば 1 で終了）",
    ),
    ("migrate", "開示書を質問票の新しい版へ移します"),
    (
        "prefill",
        "記入済みの開示書から、別の質問票の下書きを作ります（確認が必要）",
    ),
    ("coverage", "ガイドラインの章ごとの回答状況を示します"),
    ("key", "署名の鍵: mds key new"),
    (
        "key new",
        "鍵の組を作ります: 名前.key（秘密鍵、厳重に保管）と 名前.pub（公開鍵、病院に渡す）",
    ),
    (
        "seal",
        "ファイルに署名します: ファイル名.minisig を作ります（minisign 互換）",
    ),
    (
        "verify",
        "ファイルの署名（ファイル名.minisig）を公開鍵で確かめます",
    ),
    (
        "profile",
        "病院の要件プロファイル: mds profile new、mds profile show",
    ),
    ("profile new", "質問票の新しい要件プロファイルを作ります"),
    (
        "profile import",
        "要件プロファイルのブックをプロファイル（JSON）に取り込みます",
    ),
    (
        "profile show",
        "要件一覧を表示します（調達仕様書に載せる表）",
    ),
    (
        "compare",
        "事業者の開示書を要件プロファイルで採点・順位付けし、レポートを書きます",
    ),
    (
        "app",
        "窓口: ブラウザーで全部の作業ができる画面を、この PC の中だけで開きます",
    ),
    (
        "register",
        "フォルダーにある全事業者の書類の台帳: 何を受け取っていて、有効か、最新か、何が未対応か",
    ),
];

/// Arguments, in Japanese, by `command.argument` where one means something of its own there.
const ARG_IN: &[(&str, &str)] = &[
    ("catalog.format", "一覧の出力形式"),
    ("catalog show.questionnaire", "`ID`（最新版）または `ID@版`"),
    (
        "form.questionnaire",
        "質問票: `ID`、`ID@版`、または質問票の JSON ファイル",
    ),
    (
        "form.output",
        "書き出す様式: `.xlsx`（Excel で記入するブック）か `.json`",
    ),
    (
        "form.prefill",
        "同じ質問票への以前の回答。回答を引き継ぎます（未確認の印付き）",
    ),
    (
        "form.set",
        "表紙の項目を埋めます: `cover.項目=値`（繰り返し可）",
    ),
    (
        "validate.files",
        "検査するファイル（JSON かブックの開示書、プロファイル、質問票）またはフォルダー",
    ),
    (
        "validate.format",
        "出力形式（既定: 端末ではテキスト、それ以外は JSON）",
    ),
    (
        "validate.questionnaire",
        "各ファイルの指定の代わりに、この質問票（`ID@版` かファイル）で検査します",
    ),
    (
        "validate.as_of",
        "チェックリストの日付をこの日で判定します: この日より後の確認日は指摘します（2026-12-01、令和8年12月1日）",
    ),
    (
        "validate.fiscal_year",
        "チェックリストの目標日がすべてこの年度（4月〜翌3月）にあるか確かめます（例: 2026）",
    ),
    ("schema.name", "questionnaire、response、profile のどれか"),
    ("import.file", "記入済みのブック（.xlsx, .xlsm, .ods）"),
    ("import.output", "書き出す開示書（.json）"),
    (
        "import.questionnaire",
        "ブックに質問票の印がないときの質問票（`ID@版` かファイル）",
    ),
    (
        "import.layout",
        "読み取りで分からない配置を指定するレイアウトファイル（`mds-layout/1`）",
    ),
    ("export.response", "開示書（JSON）"),
    ("export.output", "書き出すブック（.xlsx）"),
    (
        "export.questionnaire",
        "開示書の指定の代わりに、この質問票（`ID@版` かファイル）を使います",
    ),
    ("inspect.file", "ブック（.xlsx, .xlsm, .ods）"),
    (
        "inspect.emit_layout",
        "読み取り結果をレイアウトファイル（`mds-layout/1`）として書き出します（直して mds import --layout に渡せます）",
    ),
    (
        "inspect.format",
        "出力形式（既定: 端末ではテキスト、それ以外は JSON）",
    ),
    ("questionnaire extract.file", "公式のワークブック"),
    (
        "questionnaire extract.output",
        "質問票の書き出し先（`.json`）",
    ),
    (
        "questionnaire extract.id",
        "質問票の ID（例: `jahis-sds`、`mds2`）。同じ ID の組み込みから表紙項目を借ります",
    ),
    ("questionnaire extract.version", "質問票の版（例: `5.0`）"),
    (
        "questionnaire extract.title",
        "表題（既定: ブックのファイル名）",
    ),
    (
        "questionnaire extract.install",
        "利用者カタログに入れ、これを指定した開示書が読めるようにします",
    ),
    (
        "questionnaire extract.replace",
        "--install と一緒に: 同じ ID・版の組み込みの質問票を置き換えます",
    ),
    (
        "questionnaire extract.layout",
        "読み取りの代わりに、このレイアウトファイルを使います",
    ),
    ("diff.old", "以前の開示書（JSON かブック）"),
    ("diff.new", "新しい開示書（JSON かブック）"),
    (
        "diff.profile",
        "このプロファイルに照らして、変化を後退・改善・中立に分けます",
    ),
    ("diff.mapping", "以前の開示書の質問票から新しい方への対応表"),
    (
        "diff.format",
        "出力形式（既定: 端末ではテキスト、それ以外は JSON）",
    ),
    ("diff.output", "レポートの書き出し先"),
    ("migrate.response", "移す開示書（JSON かブック）"),
    (
        "migrate.questionnaire",
        "その開示書の質問票（`ID@版` かファイル）。印がなく、項目 ID からカタログの質問票が決まらないブックに",
    ),
    ("migrate.to", "新しい質問票（`ID@版` かファイル）"),
    (
        "migrate.mapping",
        "対応表。なければ同じ項目 ID の回答を移します",
    ),
    ("migrate.output", "移した開示書（`.json` か `.xlsx`）"),
    (
        "migrate.format",
        "報告の形式（既定: 端末ではテキスト、それ以外は JSON）",
    ),
    ("prefill.from", "記入済みの開示書（JSON かブック）"),
    (
        "prefill.questionnaire",
        "その開示書の質問票（`ID@版` かファイル）。印がなく、項目 ID からカタログの質問票が決まらないブックに",
    ),
    ("prefill.mapping", "その質問票から目的の質問票への対応表"),
    ("prefill.to", "目的の質問票（`ID@版` かファイル）"),
    (
        "prefill.output",
        "下書き（`.json` か `.xlsx`）。引き継いだ回答はすべて未確認です",
    ),
    (
        "prefill.format",
        "報告の形式（既定: 端末ではテキスト、それ以外は JSON）",
    ),
    ("coverage.response", "開示書（JSON かブック）"),
    (
        "coverage.format",
        "出力形式（既定: -o の拡張子から。なければ端末では表、それ以外は JSON）",
    ),
    ("coverage.output", "書き出し先"),
    ("key new.output", "鍵ファイルの名前（拡張子なし）"),
    (
        "key new.no_password",
        "秘密鍵をパスワードで守りません（自動化用）",
    ),
    ("seal.file", "署名するファイル"),
    (
        "seal.secret_key",
        "秘密鍵（mds key new か minisign で作ったもの）",
    ),
    (
        "verify.file",
        "署名されたファイル（署名は ファイル名.minisig）",
    ),
    ("verify.public_key", "署名した人の公開鍵"),
    (
        "profile new.questionnaire",
        "質問票: `ID`、`ID@版`、または質問票の JSON ファイル",
    ),
    (
        "profile new.output",
        "書き出すプロファイル: `.xlsx`（Excel で編集）か `.json`",
    ),
    (
        "profile new.preset",
        "始めるひな形。なければ質問票の推奨（各項目の適合する回答と既定の重要度）、それもなければすべて「はい」",
    ),
    ("profile new.items", "この項目だけ（ID をカンマ区切りで）"),
    (
        "profile new.from",
        "ひな形の代わりに既存のプロファイル（JSON）から始めます（Excel で編集するときなど）",
    ),
    (
        "profile import.file",
        "要件プロファイルのブック（.xlsx, .ods）",
    ),
    ("profile import.output", "書き出すプロファイル（`.json`）"),
    (
        "profile import.questionnaire",
        "ブックに質問票の印がないときの質問票（`ID@版` かファイル）",
    ),
    (
        "profile show.profile",
        "プロファイル（JSON かプロファイルのブック）",
    ),
    (
        "profile show.format",
        "形式（既定: -o の拡張子から。なければ端末では表、それ以外は Markdown）",
    ),
    (
        "profile show.output",
        "標準出力の代わりに、このファイルに書き出します",
    ),
    (
        "profile show.questionnaire",
        "プロファイルの指定の代わりに、この質問票（`ID@版` かファイル）を使います",
    ),
    (
        "compare.profile",
        "病院の要件プロファイル（JSON かプロファイルのブック）",
    ),
    (
        "compare.files",
        "事業者の開示書（JSON か記入済みのブック）またはそのフォルダー",
    ),
    (
        "compare.format",
        "レポートの形式（既定: -o の拡張子から。なければ端末では表、それ以外は JSON）",
    ),
    (
        "compare.output",
        "標準出力の代わりに、このファイルにレポートを書き出します",
    ),
    (
        "compare.detail",
        "項目ごとの判定と理由を加えます（JSON、CSV）",
    ),
    (
        "compare.fail_under",
        "最上位の適格事業者の達成率がこれを下回れば、終了コード 1 にします",
    ),
    (
        "compare.questionnaire",
        "プロファイルの指定の代わりに、この質問票（`ID@版` かファイル）を使います",
    ),
    (
        "compare.mapping",
        "別の版への開示書をプロファイルの質問票へ移す対応表",
    ),
    (
        "app.port",
        "待ち受けるポート（127.0.0.1 のみ）。0 か指定なしなら空いている番号",
    ),
    (
        "app.no_browser",
        "ページのアドレスを表示するだけで、ブラウザーを開きません",
    ),
    (
        "app.max_body_mib",
        "1 回の要求（ファイル全部）の上限（MiB）",
    ),
    (
        "form.vendors",
        "事業者の一覧（CSV: vendor, system, contact）の 1 行ごとに 1 つのブックを、-o のフォルダーに事業者名で書き出します",
    ),
    (
        "questionnaire extract.kind",
        "何の文書か: 開示書（disclosure）、厚労省のチェックリスト（checklist）、その他の質問票（questionnaire）。既定は ID から（`--id mhlw-checklist…` はチェックリスト）",
    ),
    (
        "register.folder",
        "事業者の書類のフォルダー（下のフォルダーも読みます）",
    ),
    (
        "register.as_of",
        "この日で判定します: これより前の目標日は期限切れです（2026-12-01、令和8年12月1日）",
    ),
    (
        "register.vendors",
        "病院の事業者の一覧（CSV: vendor, system, contact）。全員がそろっているか確かめます",
    ),
    (
        "register.format",
        "形式（既定: -o の拡張子から。なければ端末では表、それ以外は JSON）",
    ),
    (
        "register.output",
        "標準出力の代わりに、このファイルに書き出します",
    ),
];

/// Arguments, in Japanese, that mean the same wherever they appear.
const ARG: &[(&str, &str)] = &[
    (
        "lang",
        "メッセージとレポートの言語（ja: 日本語、en: English）",
    ),
    (
        "force",
        "回答や要件がすでに入っている出力ファイルに上書きします",
    ),
    (
        "public_key",
        "事業者の公開鍵。事業者ごとに指定します。各ファイルは、それに署名した鍵で確かめます",
    ),
    (
        "keys",
        "公開鍵のフォルダー: 事業者名.pub は、表紙にその名前を書いた事業者の鍵です",
    ),
    (
        "require_signed",
        "署名のない・改ざんされた・別の事業者の鍵で署名されたファイルを断ります（終了コード 1、レポートなし）",
    ),
    ("max_file_mib", "読むブックのファイルの上限（MiB）"),
    (
        "max_part_mib",
        "ブックの展開後の部品（シート、共有文字列）の上限（MiB）",
    ),
    (
        "max_cells",
        "1 つのブックから読む値のあるセルの上限（全シートの合計）",
    ),
    (
        "max_text_mib",
        "1 つのブックから読む文字の上限（MiB。セルが表示するたびに数えます）",
    ),
    ("max_parts", "ブック（zip）の中の部品の数の上限"),
    ("max_string_kib", "JSON の文字列 1 つの長さの上限（KiB）"),
    ("max_depth", "JSON の入れ子の深さの上限（127 まで）"),
];

fn lookup<'a>(table: &'a [(&str, &str)], key: &str) -> Option<&'a str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// The command line's definition in `lang`: for Japanese, every about, argument help and
/// heading translated, and the help and version flags worded in Japanese.
pub fn command(lang: Lang) -> Command {
    let cmd = <crate::args::Cli as clap::CommandFactory>::command();
    match lang {
        Lang::En => cmd,
        Lang::Ja => japanese(cmd, ""),
    }
}

fn japanese(mut cmd: Command, path: &str) -> Command {
    if let Some(about) = lookup(ABOUT, path) {
        cmd = cmd.about(about);
    }
    let ids: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    for (id, positional) in ids {
        let text = lookup(ARG_IN, &format!("{path}.{id}")).or_else(|| lookup(ARG, &id));
        cmd = cmd.mut_arg(id.as_str(), |a| {
            // The values a choice takes, said in Japanese rather than clap's English list.
            let takes = a.get_action().takes_values();
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| takes && !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            let text = text
                .map(str::to_string)
                .or_else(|| a.get_help().map(|h| h.to_string()));
            let default: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            let text = match (text, takes && !default.is_empty()) {
                (Some(t), true) => Some(format!("{t}（既定: {}）", default.join(", "))),
                (t, _) => t,
            };
            let a = if takes && !default.is_empty() {
                a.hide_default_value(true)
            } else {
                a
            };
            let a = match (text, values.is_empty()) {
                (Some(t), false) => a
                    .help(format!("{t}（使える値: {}）", values.join(", ")))
                    .hide_possible_values(true),
                (Some(t), true) => a.help(t),
                (None, _) => a,
            };
            a.help_heading(if positional {
                "引数"
            } else {
                "オプション"
            })
        });
    }
    cmd = cmd
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .subcommand_help_heading("コマンド")
        .subcommand_value_name("コマンド")
        .help_template("{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}")
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("使い方を表示します")
                .help_heading("オプション"),
        );
    if path.is_empty() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("版を表示します")
                .help_heading("オプション"),
        );
    }
    // The usage line with its placeholders in Japanese.
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .trim()
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[オプション]")
        .replace("<COMMAND>", "<コマンド>");
    // A subcommand's usage names only itself: the whole command line is `mds PATH …`.
    let usage = match usage.split_once(' ') {
        Some((_, rest)) if !path.is_empty() => format!("mds {path} {rest}"),
        _ if !path.is_empty() => format!("mds {path}"),
        _ => usage,
    };
    cmd = cmd.override_usage(usage);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(name.as_str(), |s| japanese(s, &sub_path));
    }
    cmd
}

/// A clap error in Japanese, saying what to do next; help and version requests as they are.
pub fn error_text(e: &clap::Error) -> String {
    let context = |kind: ContextKind| -> String {
        match e.get(kind) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join("、"),
            Some(ContextValue::StyledStr(s)) => s.to_string(),
            Some(ContextValue::StyledStrs(v)) => v
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("、"),
            Some(ContextValue::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    };
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let valid = context(ContextKind::ValidValue);
    let suggested = context(ContextKind::SuggestedArg);
    let suggested_sub = context(ContextKind::SuggestedSubcommand);
    let mut message = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} に値がありません。"),
        ErrorKind::InvalidValue => format!("{arg} に「{value}」は使えません。"),
        ErrorKind::UnknownArgument => format!("{arg} という引数はありません。"),
        ErrorKind::InvalidSubcommand => format!(
            "{} というコマンドはありません。",
            context(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => format!("必要な引数がありません: {arg}"),
        ErrorKind::MissingSubcommand => "コマンドを指定してください。".to_string(),
        ErrorKind::ValueValidation => format!("{arg} の値「{value}」が正しくありません。"),
        ErrorKind::ArgumentConflict => format!(
            "{arg} は {} と一緒には使えません。",
            context(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues => format!("{arg} の値が多すぎます（「{value}」）。"),
        ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("{arg} の値の数が違います。")
        }
        ErrorKind::NoEquals => format!("{arg} には = で値を続けてください。"),
        _ => e.to_string(),
    };
    if !valid.is_empty() {
        message.push_str(&format!("使える値: {valid}。"));
    }
    if !suggested.is_empty() {
        message.push_str(&format!("{suggested} のことですか。"));
    }
    if !suggested_sub.is_empty() {
        message.push_str(&format!("{suggested_sub} のことですか。"));
    }
    let usage = context(ContextKind::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    if usage.is_empty() {
        format!("mds: エラー: {message}\n使い方は mds --help で確かめられます。\n")
    } else {
        format!(
            "mds: エラー: {message}\n\n使い方: {usage}\n\n詳しくは --help を付けて実行してください。\n"
        )
    }
}
