/** `nexus <command> --help`: each command's usage, options and an example, as `gh` and `aws` print them. */

export const commandHelp: Readonly<Record<string, string>> = {
  login: `Usage: nexus login --api-url <url> --key <key> [--profile <name>]

Checks the key against the API, then saves URL and key in the profile file (mode 0600).
The key may also come from NEXUS_API_KEY.

Example:
  nexus login --api-url http://127.0.0.1:4000 --key "$(node -p "require('./.nexus/local.json').apiKey")"`,
  ingest: `Usage: nexus ingest <file|-> [--dataset <name>] [--format csv|ndjson|json]

Sends the records in request-sized batches (1,000 records, ~900 KiB), with progress on stderr
(a bar on a terminal, plain lines otherwise). Prints the totals as JSON. Exit status 1 when
every record was rejected.

Example:
  nexus ingest signups.csv --dataset signups`,
  upload: `Usage: nexus upload <file> [--dataset <name>] [--format csv|ndjson|json|xml] [--no-wait]

For files above the request limit (up to 100 MiB; .gz files are sent gzip-encoded): asks for a
presigned PUT (POST /v1/uploads), uploads with every signed header, then waits for the
file-ingest result unless --no-wait. Prints the upload's status as JSON.

Example:
  nexus upload events-2026-11.ndjson.gz --dataset events`,
  query: `Usage: nexus query "<sql>" [--format table|csv|json]

Runs a read-only query over your datasets, waits for it and prints every row.

Example:
  nexus query "SELECT name, count(*) AS n FROM events GROUP BY name" --format csv`,
  tail: `Usage: nexus tail [dataset] [--interval <seconds>]

Prints new records (one JSON line each) as they become queryable, every 2 s by default.
Ctrl-C stops.`,
  datasets: `Usage: nexus datasets list
       nexus datasets create --file <schema.json>

The file holds the POST /v1/datasets body: { "name", "description"?, "fields": [...] }.`,
  keys: `Usage: nexus keys list
       nexus keys create --name <name> [--scopes ingest,query,admin]

Needs an admin key. The new key is printed once.`,
  metrics: `Usage: nexus metrics list
       nexus metrics create --file <metric.json>
       nexus metrics series <id> [--from <iso>] [--to <iso>] [--interval 1m|1h|1d]

The series defaults to the last 24 hours at 1h.

Example:
  nexus metrics series 6f1c... --interval 1d --from 2026-11-01T00:00:00Z`,
  tenants: `Usage: nexus tenants list
       nexus tenants create --name <name> [--contact-email <email>]

Platform operator only (the operator key from .nexus/local.json or the bootstrap secret). A new
tenant's first admin key is printed once.`,
  alerts: `Usage: nexus alerts list
       nexus alerts show|events|mute|unmute|test|delete <alertId>
       nexus alerts create --file <rule.json>

The file holds the POST /v1/alerts body: { "name", "metricId", "condition", "channels", ... }.
Creating, muting, testing and deleting need an admin key; the rest a query key.`,
  reports: `Usage: nexus reports list
       nexus reports show|runs|delete <reportId>
       nexus reports send <reportId> [--recipients <a@x.io,b@y.io>]
       nexus reports create --file <report.json>
       nexus reports preview <reportId> [--out <dir>] [--recipients <a@x.io>]

The file holds the POST /v1/reports body: { "name", "schedule", "recipients", "contents" }.
send without --recipients sends now to the report's recipients; with it, a test send to those addresses.
preview renders the email as of now, as it would be sent (to the first recipient, or the one given),
sends it to no one, and writes <reportId>.eml and <reportId>.html into --out (default ./report-previews).`,
};
