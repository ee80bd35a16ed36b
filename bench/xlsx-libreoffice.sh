#!/usr/bin/env bash
# The demo's content-performance and sales-overview reports (last 30 days) as XLSX, opened in LibreOffice headless
# (soffice --convert-to csv, every sheet), against the CSV of the same reports: every key figure and table cell
# equal, and the sums LibreOffice reads of the breakdowns equal to the key figures, currency by currency. The service
# runs on a database of its own with the demo loaded. Needs soffice (Debian: apt-get install libreoffice-calc-nogui).
# Prints what it compared; exits 1 on any difference. Files in bench/target/xlsx-libreoffice/.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib.sh
. bench/lib.sh
command -v soffice >/dev/null || { tally_log "soffice is missing: apt-get install libreoffice-calc-nogui"; exit 1; }
port="${BENCH_PORT:-8096}"
bench_prepare
bench_database tally_bench_xlsx
bench_start_server "$port" bench/target/xlsx-libreoffice-server.log
java -jar "$bench_jar" demo --url "http://127.0.0.1:$port" --wait PT30S
out=bench/target/xlsx-libreoffice
rm -rf "$out" && mkdir -p "$out"
token="$(bench_token --tenant demo --roles analyst --ttl PT1H)"
export_report() { # TEMPLATE CUSTOMER NAME FORMAT
  curl -sf -H "Authorization: Bearer $token" -o "$out/$3.$4" \
    "http://127.0.0.1:$port/api/v1/reports/$1?customer=$2&period=last_30_days&format=$4"
}
for f in xlsx csv; do
  export_report content-performance lumen-studio content "$f"
  export_report sales-overview maker-market sales "$f"
done
soffice --version
(cd "$out" && soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
  content.xlsx sales.xlsx > soffice.log 2>&1) || { cat "$out/soffice.log"; exit 1; }
check() { java bench/XlsxInLibreOffice.java "$out/$1.xlsx" "$out/$1.csv" "$out" "${@:2}"; }
check content "Platforms:Engagement=Engagement" "Content types:Engagement=Engagement" "Content types:Posts=Posts published" \
  "Daily engagement:Engagement=Engagement" "Daily engagement:Views=Reach (views)" "Daily engagement:Posts=Posts published"
check sales "Sales:Gross=Gross sales" "Sales:Refunds=Sales refunds" "Sales:Net=Net sales" "By vendor:Net=Net sales" \
  "By product:Net=Net sales" "By category:Net=Net sales" "Daily sales:Net sales=Net sales"
