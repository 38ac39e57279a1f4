// The mds desk: the page's behaviour. Files stay in the browser and are sent with each request
// to the mds process on this PC (127.0.0.1), which decides everything (the same code as the
// command line). Vendor text is only ever set as text, never as HTML.
'use strict';

const TOKEN = location.hash.slice(1);

const WORDS = {
  ja: {
    title: 'mds 窓口 — 医療情報セキュリティ開示書の確認と比較',
    switch: 'English',
    lead: 'ファイルはこの PC の中だけで扱います。外には送りません。',
    inputsTitle: '1. ファイルを入れる',
    dropHere: '開示書（JSON・記入済みのブック）、要件プロファイル、質問票、署名（.minisig）、公開鍵（.pub）を、ここにまとめてドロップしてください。',
    orPick: 'またはファイルを選ぶ',
    fileName: 'ファイル', fileKind: '種類', fileDetail: '内容', remove: '外す',
    vendorTitle: '2. 事業者の方: 記入内容を確かめる',
    noBids: '開示書を入れると、ここに確認の結果が出ます。',
    formFor: '白紙の様式（xlsx）を作る:', makeForm: '様式をダウンロード',
    hospitalTitle: '3. 病院の方: 要件を決めて比べる',
    noProfile: '要件プロファイルがありません。プロファイルを入れるか、ここで作ってください:',
    questionnaire: '質問票', preset: 'ひな形', presetHints: '質問票の推奨どおり',
    presetAllYes: 'すべて「はい」を期待', presetGl7: 'ガイドライン 7.0（はい・対象外）',
    newProfile: 'プロファイルを作る',
    editTitle: '要件を編集する（期待する回答・重要度・必須・フラグ・注記）',
    profileJson: 'プロファイルを保存（JSON）', profileXlsx: 'プロファイルを保存（xlsx）',
    rankingTitle: '順位', rankingHint: '開示書とプロファイルがそろうと、ここに順位が出ます。',
    matrixTitle: '項目ごとの結果', show: '表示', filterAll: 'すべて', filterUnmet: '満たさない項目',
    filterReview: '判定が必要な項目', filterMust: '必須（足切り）項目', filterFlag: 'フラグのある項目',
    clickHint: 'セルを押すと理由が出ます。',
    downloadTitle: 'レポートをダウンロード',
    footer: 'mds — この画面を閉じるには、起動した窓で Ctrl+C を押します。',
    kinds: { bid: '開示書', profile: '要件プロファイル', questionnaire: '質問票', signature: '署名', key: '公開鍵', 'secret-key': '秘密鍵', report: 'レポート', unknown: '不明', pending: '確認中…' },
    rank: '順位', vendor: '事業者', check: '検証', signature: '署名', qualified: '適格', score: '得点', max: '満点', percent: '達成率', knockouts: '足切り項目', pending: '判定待ち（必須）', review: '判定が必要', flags: 'フラグ',
    yes: 'はい', no: 'いいえ', ok: 'OK', faults: (n) => `不備 ${n} 件`, warnings: (n) => `警告 ${n} 件`,
    sigValid: '署名あり（正しい）', sigMissing: '署名なし', sigInvalid: '署名が不正',
    section: 'セクション', item: '項目', importance: '重要度', must: '必須', flag: 'フラグ', note: '注記', expect: '期待する回答', inProfile: '対象',
    importances: { critical: '重要', standard: '標準', minor: '軽微', none: 'なし' },
    outcomes: { met: '○', unmet: '×', review: '？', excluded: '－' },
    outcomeWords: { met: '満たす', unmet: '満たさない', review: '判定が必要', excluded: '対象外' },
    given: '回答', remarks: '備考', why: '理由', adjudicate: '病院の判定', met: '満たす', unmet: '満たさない', reasonPlaceholder: '判定の理由', clearAdjudication: '判定を取り消す',
    findingsOf: (name) => `${name} の確認結果`, noFindings: '指摘はありません。', downloadJson: '回答を JSON で保存',
    severity: { error: 'エラー', warning: '警告', info: '情報' },
    row: (sheet, row) => `${sheet} ${row} 行目`, whole: 'ファイル全体',
    gapsOf: (v) => `${v} の不足`, noGaps: '満たさない項目はありません。',
    working: '処理しています…', ready: '準備ができました。', failed: 'できませんでした: ',
    sectionScores: 'セクション別の得点', vendorsCount: (n) => `開示書 ${n} 件`,
    warningsHead: '注意:',
  },
  en: {
    title: 'mds desk — check and compare security disclosures',
    switch: '日本語',
    lead: 'Files are handled on this PC only. Nothing is sent elsewhere.',
    inputsTitle: '1. Add files',
    dropHere: 'Drop submissions (JSON, filled workbooks), the requirement profile, questionnaires, signatures (.minisig) and public keys (.pub) here, all at once.',
    orPick: 'or choose files',
    fileName: 'File', fileKind: 'Kind', fileDetail: 'Content', remove: 'Remove',
    vendorTitle: '2. For vendors: check what you filled in',
    noBids: 'Add a submission to see its checks here.',
    formFor: 'Make a blank form (xlsx):', makeForm: 'Download the form',
    hospitalTitle: '3. For hospitals: set requirements and compare',
    noProfile: 'There is no requirement profile. Add one, or make one here:',
    questionnaire: 'Questionnaire', preset: 'Preset', presetHints: "The questionnaire's hints",
    presetAllYes: 'Expect yes everywhere', presetGl7: 'Guideline 7.0 (yes or N/A)',
    newProfile: 'Make a profile',
    editTitle: 'Edit the requirements (expected answers, importance, must, flag, note)',
    profileJson: 'Save the profile (JSON)', profileXlsx: 'Save the profile (xlsx)',
    rankingTitle: 'Ranking', rankingHint: 'The ranking appears here once there are submissions and a profile.',
    matrixTitle: 'Results by item', show: 'Show', filterAll: 'All', filterUnmet: 'Unmet items',
    filterReview: 'Items to judge', filterMust: 'Must items', filterFlag: 'Items with a flag',
    clickHint: 'Click a cell for its reason.',
    downloadTitle: 'Download the report',
    footer: 'mds — to close the desk, press Ctrl+C in the window that started it.',
    kinds: { bid: 'Submission', profile: 'Profile', questionnaire: 'Questionnaire', signature: 'Signature', key: 'Public key', 'secret-key': 'Secret key', report: 'Report', unknown: 'Unknown', pending: 'Reading…' },
    rank: 'Rank', vendor: 'Vendor', check: 'Check', signature: 'Signature', qualified: 'Qualified', score: 'Score', max: 'Max', percent: 'Percent', knockouts: 'Knock-outs', pending: 'Pending (must)', review: 'To judge', flags: 'Flags',
    yes: 'yes', no: 'no', ok: 'OK', faults: (n) => (n === 1 ? '1 error' : `${n} errors`), warnings: (n) => (n === 1 ? '1 warning' : `${n} warnings`),
    sigValid: 'signed (good)', sigMissing: 'not signed', sigInvalid: 'BAD signature',
    section: 'Section', item: 'Item', importance: 'Importance', must: 'Must', flag: 'Flag', note: 'Note', expect: 'Expected', inProfile: 'In',
    importances: { critical: 'critical', standard: 'standard', minor: 'minor', none: 'none' },
    outcomes: { met: '○', unmet: '×', review: '?', excluded: '–' },
    outcomeWords: { met: 'met', unmet: 'unmet', review: 'to judge', excluded: 'excluded' },
    given: 'Answer', remarks: 'Remarks', why: 'Why', adjudicate: "Hospital's decision", met: 'Met', unmet: 'Unmet', reasonPlaceholder: 'Reason for the decision', clearAdjudication: 'Undo the decision',
    findingsOf: (name) => `Checks of ${name}`, noFindings: 'No findings.', downloadJson: 'Save the answers as JSON',
    severity: { error: 'error', warning: 'warning', info: 'info' },
    row: (sheet, row) => `${sheet} row ${row}`, whole: 'The whole file',
    gapsOf: (v) => `Gaps of ${v}`, noGaps: 'No unmet item.',
    working: 'Working…', ready: 'Ready.', failed: 'Could not do it: ',
    sectionScores: 'Scores by section', vendorsCount: (n) => `${n} submissions`,
    warningsHead: 'Note:',
  },
};

const state = {
  lang: 'ja',
  files: [], // {id, file, name, kind, detail, error}
  profile: null, // the requirements being edited (mds-profile/1)
  questionnaire: null, // the profile's questionnaire (mds-questionnaire/1)
  catalog: [],
  report: null, // mds compare --format json --detail
  validation: null, // mds validate --format json
  selected: null, // {vendor, item}
  nextId: 1,
};

const w = (key) => WORDS[state.lang][key];
const $ = (id) => document.getElementById(id);

/** An element with attributes and children (strings become text). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'checked' || k === 'value' || k === 'selected') node[k] = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function say(text, bad) {
  const s = $('status');
  s.textContent = text;
  s.className = bad ? 'error' : '';
}

/** A request to the mds process; the answer, or an Error with its message. */
async function api(path, form) {
  if (form) form.append('lang', state.lang);
  const response = await fetch('/api/' + path, {
    method: form ? 'POST' : 'GET',
    headers: { Authorization: 'Bearer ' + TOKEN },
    body: form,
  });
  const warnings = JSON.parse(response.headers.get('x-mds-warnings') || '[]');
  if (!response.ok) {
    let message = response.statusText;
    try { message = (await response.json()).error || message; } catch (_) { /* not JSON */ }
    const e = new Error(message);
    e.warnings = warnings;
    throw e;
  }
  return { response, warnings };
}

const text = (lt) => (lt && typeof lt === 'object' ? (lt[state.lang] || lt.ja || lt.en || '') : (lt || ''));

function download(blob, name) {
  const a = el('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

function filesOf(...kinds) {
  return state.files.filter((f) => kinds.includes(f.kind));
}

/** The files every request carries for reading: questionnaires, signatures, keys. */
function withContext(form) {
  for (const f of filesOf('questionnaire', 'signature', 'key')) form.append('file', f.file, f.name);
  return form;
}

function profileBlob() {
  return new Blob([JSON.stringify(state.profile, null, 2)], { type: 'application/json' });
}

// ---------- files ----------

async function addFiles(list) {
  const added = [];
  for (const file of list) {
    const entry = { id: state.nextId++, file, name: file.name, kind: 'pending', detail: '', error: '' };
    state.files.push(entry);
    added.push(entry);
  }
  renderFiles();
  if (!added.length) return;
  say(w('working'));
  const form = new FormData();
  for (const f of added) form.append('file', f.file, f.name);
  try {
    const { response } = await api('sort', form);
    const sorted = (await response.json()).files;
    sorted.forEach((s, i) => {
      const f = added[i];
      f.kind = s.kind;
      f.detail = s.detail || '';
      f.error = s.error || '';
      if (s.kind === 'profile' && s.profile && !state.profile) {
        state.profile = s.profile;
        state.questionnaire = null;
      }
    });
  } catch (e) {
    for (const f of added) { f.kind = 'unknown'; f.error = e.message; }
  }
  renderFiles();
  await refresh();
}

function removeFile(id) {
  const f = state.files.find((x) => x.id === id);
  state.files = state.files.filter((x) => x.id !== id);
  if (f && f.kind === 'profile' && !filesOf('profile').length) {
    state.profile = null;
    state.questionnaire = null;
  }
  renderFiles();
  refresh();
}

function renderFiles() {
  const table = $('filelist');
  const body = table.tBodies[0];
  body.replaceChildren();
  table.hidden = !state.files.length;
  for (const f of state.files) {
    body.append(el('tr', { 'data-kind': f.kind },
      el('td', { class: 'vendor' }, f.name),
      el('td', { class: 'kind-' + f.kind }, w('kinds')[f.kind] || f.kind),
      el('td', { class: f.error ? 'error' : '' }, f.error || f.detail),
      el('td', {}, el('button', { type: 'button', onclick: () => removeFile(f.id) }, w('remove')))));
  }
}

// ---------- the whole picture ----------

let pending = null;
let again = false;

/** Asks mds again for everything the page shows; one request chain at a time. */
async function refresh() {
  if (pending) { again = true; return pending; }
  pending = (async () => {
    try {
      await Promise.all([validateBids(), ensureQuestionnaire()]);
      renderEditor();
      await compareBids();
      say(w('ready'));
    } catch (e) {
      say(w('failed') + e.message, true);
    }
  })();
  await pending;
  pending = null;
  if (again) { again = false; await refresh(); }
}

async function validateBids() {
  const bids = filesOf('bid');
  if (!bids.length) { state.validation = null; renderFindings(); return; }
  const form = withContext(new FormData());
  for (const f of bids) form.append('file', f.file, f.name);
  const { response } = await api('validate', form);
  state.validation = await response.json();
  renderFindings();
}

async function ensureQuestionnaire() {
  $('noProfile').hidden = !!state.profile;
  $('editor').hidden = !state.profile;
  if (!state.profile) { state.questionnaire = null; return; }
  const spec = state.profile.questionnaire.id + '@' + state.profile.questionnaire.version;
  const have = state.questionnaire;
  if (have && have.id + '@' + have.version === spec) return;
  const form = withContext(new FormData());
  form.append('questionnaire', spec);
  const { response } = await api('questionnaire', form);
  state.questionnaire = await response.json();
}

async function compareBids() {
  if (!state.profile || !filesOf('bid').length) {
    state.report = null;
    renderRanking();
    return;
  }
  const { response, warnings } = await api('compare', compareForm('json'));
  state.report = await response.json();
  state.warnings = warnings;
  renderRanking();
}

function compareForm(format) {
  const form = withContext(new FormData());
  form.append('file', profileBlob(), 'profile.json');
  for (const f of filesOf('bid')) form.append('file', f.file, f.name);
  form.append('format', format);
  form.append('detail', '1');
  return form;
}

// ---------- the questionnaire ----------

function* itemsOf(sections, path) {
  for (const s of sections || []) {
    for (const item of s.items || []) yield { item, section: s };
    yield* itemsOf(s.sections, path);
  }
}

function allSections(sections, out = []) {
  for (const s of sections || []) { out.push(s); allSections(s.sections, out); }
  return out;
}

function itemById(id) {
  for (const { item, section } of itemsOf(state.questionnaire && state.questionnaire.sections)) {
    if (item.id === id) return { item, section };
  }
  return null;
}

function codesOf(item) {
  const voc = item.answer && item.answer.vocabulary;
  const v = voc && (state.questionnaire.vocabularies || []).find((x) => x.id === voc);
  return v ? v.codes : [];
}

function codeLabel(item, value) {
  if (value === null || value === undefined || value === '') return '';
  const codes = codesOf(item);
  const one = (c) => { const f = codes.find((x) => x.code === c); return f ? text(f.label) : c; };
  if (Array.isArray(value)) return value.map(one).join(state.lang === 'ja' ? '・' : ', ');
  return typeof value === 'string' ? one(value) : String(value);
}

// ---------- the requirements editor ----------

let editTimer = null;
function edited() {
  clearTimeout(editTimer);
  editTimer = setTimeout(() => refresh(), 250);
}

function renderEditor() {
  const q = state.questionnaire;
  const p = state.profile;
  const switches = $('sectionSwitches');
  const table = $('requirements');
  switches.replaceChildren();
  table.tHead.replaceChildren();
  table.tBodies[0].replaceChildren();
  if (!q || !p) return;
  p.sections = p.sections || {};
  for (const s of allSections(q.sections)) {
    switches.append(el('label', {},
      el('input', {
        type: 'checkbox', checked: p.sections[s.id] !== false, 'data-section': s.id,
        onchange: (e) => { if (e.target.checked) delete p.sections[s.id]; else p.sections[s.id] = false; edited(); },
      }),
      ' ', s.id, ' ', text(s.title)));
  }
  table.tHead.append(el('tr', {},
    el('th', {}, w('inProfile')), el('th', {}, w('item')), el('th', {}, w('expect')),
    el('th', {}, w('importance')), el('th', {}, w('must')), el('th', {}, w('flag')), el('th', {}, w('note'))));
  for (const { item } of itemsOf(q.sections)) {
    const codes = codesOf(item);
    const req = p.requirements[item.id];
    const row = el('tr', { 'data-item': item.id });
    const set = (change) => {
      const r = p.requirements[item.id] || (p.requirements[item.id] = { expect: codes.length ? [codes[0].code] : [] });
      change(r);
      edited();
    };
    row.append(el('td', {}, el('input', {
      type: 'checkbox', checked: !!req, 'aria-label': item.id,
      onchange: (e) => {
        if (e.target.checked) set(() => {}); else { delete p.requirements[item.id]; edited(); }
        renderEditor();
      },
    })));
    row.append(el('td', { class: 'question' }, el('strong', {}, item.id), ' ', text(item.text)));
    const expect = el('td', {});
    for (const c of codes) {
      expect.append(el('label', {}, el('input', {
        type: 'checkbox', disabled: !req, checked: !!req && req.expect.includes(c.code), 'data-code': c.code,
        onchange: (e) => set((r) => {
          r.expect = r.expect.filter((x) => x !== c.code);
          if (e.target.checked) r.expect.push(c.code);
        }),
      }), text(c.label), ' '));
    }
    row.append(expect);
    const importance = el('select', { disabled: !req, onchange: (e) => set((r) => { if (e.target.value === 'standard') delete r.importance; else r.importance = e.target.value; }) });
    for (const k of ['critical', 'standard', 'minor', 'none']) {
      importance.append(el('option', { value: k, selected: !!req && (req.importance || 'standard') === k }, w('importances')[k]));
    }
    row.append(el('td', {}, importance));
    row.append(el('td', {}, el('input', {
      type: 'checkbox', disabled: !req, checked: !!req && !!req.must, 'data-field': 'must',
      onchange: (e) => set((r) => { if (e.target.checked) r.must = true; else delete r.must; }),
    })));
    for (const field of ['flag', 'note']) {
      row.append(el('td', {}, el('input', {
        type: 'text', disabled: !req, value: (req && req[field]) || '', 'data-field': field,
        onchange: (e) => set((r) => { if (e.target.value) r[field] = e.target.value; else delete r[field]; }),
      })));
    }
    table.tBodies[0].append(row);
  }
}

// ---------- the vendor's checks ----------

function renderFindings() {
  const box = $('findings');
  box.replaceChildren();
  if (!state.validation) { box.append(el('p', { class: 'hint' }, w('noBids'))); return; }
  for (const file of state.validation.files) {
    const part = el('div', { class: 'file-findings', 'data-source': file.source });
    const counts = [w('faults')(file.findings.filter((f) => f.severity === 'error').length),
      w('warnings')(file.findings.filter((f) => f.severity === 'warning').length)].join('、');
    part.append(el('h4', {}, w('findingsOf')(file.source), ' ', el('span', { class: file.valid ? 'good' : 'bad' }, file.valid ? w('ok') : counts)));
    if (!file.findings.length) part.append(el('p', { class: 'hint' }, w('noFindings')));
    // By row, in the order mds gives them (sheet order).
    const groups = new Map();
    for (const f of file.findings) {
      const m = /^(.*)!([A-Z]+)(\d+)$/.exec(f.location || '');
      const key = m ? w('row')(m[1].replace(/^'|'$/g, ''), m[3]) : (f.location ? f.location : w('whole'));
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(f);
    }
    for (const [key, list] of groups) {
      const g = el('div', { class: 'group' }, el('strong', {}, key));
      for (const f of list) {
        g.append(el('div', { class: 'finding ' + f.severity, 'data-code': f.code },
          el('span', { class: 'at' }, f.location || '-'),
          el('span', { class: f.severity === 'error' ? 'bad' : f.severity === 'warning' ? 'warn' : '' }, w('severity')[f.severity] || f.severity),
          ' [', f.code, '] ', f.message));
      }
      part.append(g);
    }
    const bid = filesOf('bid').find((b) => b.name === file.source);
    if (bid) {
      part.append(el('button', { type: 'button', class: 'save-json', onclick: () => saveJson(bid) }, w('downloadJson')));
    }
    box.append(part);
  }
}

async function saveJson(bid) {
  try {
    const form = withContext(new FormData());
    form.append('file', bid.file, bid.name);
    const { response } = await api('import', form);
    download(await response.blob(), bid.name.replace(/\.[^.]+$/, '') + '.json');
  } catch (e) { say(w('failed') + e.message, true); }
}

// ---------- the ranking ----------

function signatureLabel(s) {
  if (!s) return '';
  const state_ = { valid: w('sigValid'), missing: w('sigMissing'), invalid: w('sigInvalid') }[s.state] || s.state;
  return s.key ? `${state_} (${s.key}, ${s.key_id || '-'})` : (s.key_id ? `${state_} (${s.key_id})` : state_);
}

function renderRanking() {
  const box = $('ranking');
  box.replaceChildren();
  $('sectionScores').replaceChildren();
  $('matrix').replaceChildren();
  $('gaps').replaceChildren();
  $('reason').hidden = true;
  const r = state.report;
  for (const b of document.querySelectorAll('#downloads button')) b.disabled = !r;
  if (!r) { box.append(el('p', { class: 'hint' }, w('rankingHint'))); return; }
  const signed = r.ranking.some((v) => v.signature);
  const head = [w('rank'), w('vendor'), w('check')];
  if (signed) head.push(w('signature'));
  head.push(w('qualified'), w('score'), w('max'), w('percent'), w('knockouts'), w('pending'), w('review'), w('flags'));
  const table = el('table', { class: 'grid' }, el('thead', {}, el('tr', {}, head.map((h) => el('th', {}, h)))));
  const body = el('tbody');
  for (const v of r.ranking) {
    const check = v.errors ? w('faults')(v.errors) : w('ok');
    const cells = [el('td', { class: 'num' }, v.rank), el('td', { class: 'vendor' }, v.vendor),
      el('td', { class: v.errors ? 'bad' : 'good' }, check + (v.warnings ? ' / ' + w('warnings')(v.warnings) : ''))];
    if (signed) cells.push(el('td', { class: v.signature && v.signature.state === 'valid' ? 'good' : 'bad' }, signatureLabel(v.signature)));
    cells.push(el('td', {}, v.qualified ? w('yes') : w('no')), el('td', { class: 'num' }, v.score), el('td', { class: 'num' }, v.max),
      el('td', { class: 'num' }, v.percent.toFixed(1) + '%'), el('td', {}, v.knockouts.join(', ')), el('td', {}, v.pending.join(', ')),
      el('td', { class: 'num' }, v.review.length), el('td', { class: 'flags' }, v.flags.map((f) => `${f.item} ${f.flag}`).join('\n')));
    body.append(el('tr', { 'data-vendor': v.source }, cells));
  }
  table.append(body);
  box.append(table);
  if (state.warnings && state.warnings.length) {
    // Without the command line's head (`mds: 警告: `).
    const plain = (x) => x.replace(/^mds: [^:：]+: /, '');
    box.append(el('div', { class: 'warn' }, w('warningsHead'), el('ul', {}, state.warnings.map((x) => el('li', {}, plain(x))))));
  }
  renderSections();
  renderMatrix();
  renderGaps();
}

function renderSections() {
  const r = state.report;
  const q = state.questionnaire;
  const ids = [];
  for (const v of r.ranking) for (const s of v.sections) if (!ids.includes(s.section)) ids.push(s.section);
  const title = (id) => { const s = q && allSections(q.sections).find((x) => x.id === id); return s ? `${id} ${text(s.title)}` : id; };
  const table = el('table', { class: 'grid' },
    el('caption', {}, w('sectionScores')),
    el('thead', {}, el('tr', {}, el('th', {}, w('section')), r.ranking.map((v) => el('th', { class: 'vendor' }, v.vendor)))));
  const body = el('tbody');
  for (const id of ids) {
    body.append(el('tr', {}, el('th', {}, title(id)), r.ranking.map((v) => {
      const s = v.sections.find((x) => x.section === id);
      if (!s) return el('td', {}, '');
      const pct = s.max ? (Math.round((1000 * s.score) / s.max) / 10).toFixed(1) : '0.0';
      return el('td', { class: 'num' }, `${s.score}/${s.max} (${pct}%)`);
    })));
  }
  table.append(body);
  $('sectionScores').append(el('div', { class: 'scroll' }, table));
}

function renderMatrix() {
  const r = state.report;
  const filter = $('filter').value;
  const table = $('matrix');
  table.replaceChildren();
  const order = [];
  for (const v of r.ranking) for (const i of v.items || []) if (!order.includes(i.item)) order.push(i.item);
  const keep = (id) => {
    const results = r.ranking.map((v) => (v.items || []).find((i) => i.item === id)).filter(Boolean);
    switch (filter) {
      case 'unmet': return results.some((i) => i.outcome === 'unmet');
      case 'review': return results.some((i) => i.outcome === 'review');
      case 'must': return results.some((i) => i.must);
      case 'flag': return results.some((i) => i.flag);
      default: return true;
    }
  };
  table.append(el('thead', {}, el('tr', {}, el('th', {}, w('item')), r.ranking.map((v) => el('th', { class: 'vendor' }, v.vendor)))));
  const body = el('tbody');
  for (const id of order.filter(keep)) {
    const found = itemById(id);
    const row = el('tr', { 'data-item': id }, el('th', { class: 'item' }, el('strong', {}, id), ' ', found ? text(found.item.text) : ''));
    for (const v of r.ranking) {
      const i = (v.items || []).find((x) => x.item === id);
      if (!i) { row.append(el('td', {}, '')); continue; }
      const selected = state.selected && state.selected.vendor === v.source && state.selected.item === id;
      row.append(el('td', {
        class: `cell ${i.outcome}${selected ? ' selected' : ''}`, title: w('outcomeWords')[i.outcome], 'data-vendor': v.source, 'data-outcome': i.outcome,
        tabindex: 0, onclick: () => { state.selected = { vendor: v.source, item: id }; renderMatrix(); showReason(v, i); $('reason').scrollIntoView({ block: 'nearest' }); },
      }, w('outcomes')[i.outcome] || i.outcome));
    }
    body.append(row);
  }
  table.append(body);
}

function showReason(v, i) {
  const box = $('reason');
  box.hidden = false;
  box.replaceChildren();
  const found = itemById(i.item);
  const given = found ? codeLabel(found.item, i.given) : (i.given || '');
  box.append(el('h4', {}, `${v.vendor} — ${i.item}`));
  box.append(el('dl', {},
    el('dt', {}, w('item')), el('dd', {}, found ? text(found.item.text) : i.item),
    el('dt', {}, w('given')), el('dd', {}, given || '—'),
    el('dt', {}, w('remarks')), el('dd', {}, i.remarks || '—'),
    el('dt', {}, w('why')), el('dd', { class: 'explanation' }, `${w('outcomeWords')[i.outcome]}: ${i.explanation || ''}`)));
  const decided = i.reason && i.reason.why === 'adjudicated';
  if (i.outcome === 'review' || decided) {
    const reasonInput = el('input', { type: 'text', id: 'adjudicationReason', placeholder: w('reasonPlaceholder'), value: decided ? i.reason.reason : '' });
    const decide = (outcome) => {
      const p = state.profile;
      p.adjudications = p.adjudications || {};
      const mine = p.adjudications[v.source] || (p.adjudications[v.source] = {});
      mine[i.item] = { outcome, reason: reasonInput.value || w('outcomeWords')[outcome] };
      refresh();
    };
    const row = el('div', { class: 'row' }, el('strong', {}, w('adjudicate')), reasonInput,
      el('button', { type: 'button', id: 'adjudicateMet', onclick: () => decide('met') }, w('met')),
      el('button', { type: 'button', id: 'adjudicateUnmet', onclick: () => decide('unmet') }, w('unmet')));
    if (decided) {
      row.append(el('button', { type: 'button', onclick: () => {
        const mine = state.profile.adjudications && state.profile.adjudications[v.source];
        if (mine) { delete mine[i.item]; if (!Object.keys(mine).length) delete state.profile.adjudications[v.source]; }
        refresh();
      } }, w('clearAdjudication')));
    }
    box.append(row);
  }
}

function renderGaps() {
  const box = $('gaps');
  for (const v of state.report.ranking) {
    const unmet = (v.items || []).filter((i) => i.outcome === 'unmet');
    const part = el('details', { class: 'gap', 'data-vendor': v.source }, el('summary', {}, w('gapsOf')(v.vendor), ` (${unmet.length})`));
    if (!unmet.length) part.append(el('p', { class: 'hint' }, w('noGaps')));
    else {
      part.append(el('ul', {}, unmet.map((i) => {
        const found = itemById(i.item);
        return el('li', {}, el('strong', {}, i.item), ' ', found ? text(found.item.text) : '', i.must ? ` [${w('must')}]` : '', i.flag ? ` — ${i.flag}` : '');
      })));
    }
    box.append(part);
  }
}

// ---------- making things ----------

async function loadCatalog() {
  try {
    const { response } = await api('catalog');
    state.catalog = (await response.json()).questionnaires;
  } catch (e) { state.catalog = []; say(w('failed') + e.message, true); }
  for (const id of ['formQuestionnaire', 'profileQuestionnaire']) {
    const select = $(id);
    select.replaceChildren(...state.catalog.map((q) => el('option', { value: `${q.id}@${q.version}` }, `${text(q.title)} (${q.id}@${q.version})`)));
  }
}

async function makeForm() {
  try {
    const spec = $('formQuestionnaire').value;
    const form = withContext(new FormData());
    form.append('questionnaire', spec);
    const { response } = await api('form', form);
    download(await response.blob(), spec.replace('@', '-') + '.xlsx');
  } catch (e) { say(w('failed') + e.message, true); }
}

async function newProfile() {
  try {
    const form = withContext(new FormData());
    form.append('questionnaire', $('profileQuestionnaire').value);
    form.append('preset', $('preset').value);
    const { response } = await api('profile/new', form);
    state.profile = await response.json();
    state.questionnaire = null;
    $('editor').open = true;
    await refresh();
  } catch (e) { say(w('failed') + e.message, true); }
}

async function saveProfileXlsx() {
  try {
    const form = withContext(new FormData());
    form.append('file', profileBlob(), 'profile.json');
    const { response } = await api('profile/xlsx', form);
    download(await response.blob(), 'profile.xlsx');
  } catch (e) { say(w('failed') + e.message, true); }
}

async function saveReport(format) {
  try {
    const { response } = await api('compare', compareForm(format));
    download(await response.blob(), 'mds-report.' + format);
  } catch (e) { say(w('failed') + e.message, true); }
}

// ---------- language ----------

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.title = w('title');
  for (const node of document.querySelectorAll('[data-t]')) {
    const v = w(node.dataset.t);
    if (typeof v === 'string') node.textContent = v;
  }
  renderFiles();
  renderFindings();
  renderEditor();
  renderRanking();
}

// ---------- start ----------

function start() {
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    addFiles([...e.dataTransfer.files]);
  });
  $('files').addEventListener('change', (e) => { addFiles([...e.target.files]); e.target.value = ''; });
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'ja' ? 'en' : 'ja';
    applyLanguage();
    refresh();
  });
  $('filter').addEventListener('change', () => { if (state.report) renderMatrix(); });
  $('makeForm').addEventListener('click', makeForm);
  $('newProfile').addEventListener('click', newProfile);
  $('profileJson').addEventListener('click', () => download(profileBlob(), 'profile.json'));
  $('profileXlsx').addEventListener('click', saveProfileXlsx);
  for (const b of document.querySelectorAll('#downloads button')) {
    b.addEventListener('click', () => saveReport(b.dataset.format));
  }
  applyLanguage();
  loadCatalog();
}

document.addEventListener('DOMContentLoaded', start);
