/**
 * CSV as in RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): comma-separated fields, CRLF or LF line ends, fields
 * quoted with `"` when they hold a comma, quote or line break, `""` for a quote inside a quoted field.
 */

/** A parsed record and the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Parse CSV text into records (blank lines skipped; a UTF-8 BOM ignored).
 * @throws Error naming the line when a quoted field is not closed.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let startLine = 1;
  let quoted = false;
  let fieldStarted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === "" && !fieldStarted)) records.push({ line: startLine, fields });
    fields = [];
    field = "";
    fieldStarted = false;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === "") {
      quoted = true;
      fieldStarted = true;
    } else if (c === ",") {
      fields.push(field);
      field = "";
      fieldStarted = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && s[i + 1] === "\n") i++;
      endRecord();
      line++;
      startLine = line;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) throw new Error(`line ${startLine}: a quoted field is not closed`);
  if (field !== "" || fields.length > 0 || fieldStarted) endRecord();
  return records;
}

/** One field, quoted when needed. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Format records as CSV with LF line ends and a final line end. */
export function formatCsv(records: readonly (readonly string[])[]): string {
  return records.map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}
