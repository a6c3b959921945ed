#!/usr/bin/env bash
# Writes the fuzzers' seed corpora under fuzz/corpus/ from the project's own data:
# the shipped bulletin's entries (reader), its dateline lines plus the dateline
# forms DESIGN.md lists (dateline), and the judged queries with filter and
# paging options (query). Needs jq. Re-running adds nothing twice.
set -euo pipefail
cd "$(dirname "$0")"
bulletin=../corpus/2022-03-south-eastern-europe.txt
gold=../tests/fixtures/gold_seed.jsonl
queries=../tests/fixtures/seed_queries.jsonl
mkdir -p corpus/reader corpus/dateline corpus/query

# Line numbers where entries start: each gold title, as a whole line.
mapfile -t starts < <(jq -r .title "$gold" | while IFS= read -r title; do
  grep -n -x -F -- "$title" "$bulletin" | head -1 | cut -d: -f1
done | sort -n)
total=$(wc -l < "$bulletin")
for i in "${!starts[@]}"; do
  first=${starts[$i]}
  next=${starts[$((i + 1))]:-$((total + 1))}
  sed -n "${first},$((next - 1))p" "$bulletin" > "corpus/reader/entry-$i.txt"
  sed -n "$((first + 1))p" "$bulletin" > "corpus/dateline/line-$i.txt"
  # Two entries in a row, so the year inference across entries is exercised.
  if [[ $i -gt 0 ]]; then
    sed -n "${starts[$((i - 1))]},$((next - 1))p" "$bulletin" > "corpus/reader/pair-$i.txt"
  fi
done
cp "$bulletin" corpus/reader/whole.txt

i=0
for form in '22-24 March 2022, Podgorica, Montenegro: text' \
  '28 February-2 March 2022, Bar, Montenegro: text' \
  'February-March 2022, Vienna, Austria: text' \
  '15-17 March, Ohrid, North Macedonia: text' \
  '15 March 2022, online: text' \
  '2-4 March 2022, Turkey / online: text' \
  '8 March 2022, Pristina, Kosovo*: text' \
  'Skopje, 5 May 2019 - text' \
  '3-5 and 10-12 June 2019, Tirana and Durrës, Albania: text' \
  '3 June, Skopje; 5 June, Tirana; 9 June, Belgrade 2019: text' \
  '28 December-3 January 2020, Skopje, the former Yugoslav Republic of Macedonia, text' \
  'Spring 2022, Sarajevo, Bosnia and Herzegovina: text' \
  '1 May 2019, Ankara, Türkiye — text' \
  'Q2-Q3 2022, Tirana, Albania: text' \
  'Q4 2021 - Q1 2022, Skopje, North Macedonia: text' \
  'second and third quarters of 2022, Belgrade, Serbia: text' \
  '(5 May 2022) Skopje: text' \
  '12 May 2022, Hotel Continental, North Macedonia: text'; do
  printf '%s' "$form" > "corpus/dateline/form-$i.txt"
  i=$((i + 1))
done

i=0
while IFS= read -r query; do
  printf '%s' "$query" > "corpus/query/judged-$i.txt"
  printf '%s\ncountry Montenegro\nsort newest\nlimit 3\noffset 1' "$query" > "corpus/query/filtered-$i.txt"
  i=$((i + 1))
done < <(jq -r .query "$queries")
printf 'firearms\nsdg 16\nyear 2022\nmonth 2022-03\nfrom 2022-03-01\nto 2022-03-15\nonline 1\nfacets 1' > corpus/query/options.txt
printf 'TIP -sport title:training country:"North Macedonia" "Western Balkans" e-evidence\nprogramme CCP\ndonor EU\nmentioned France\ncity Bijaca' > corpus/query/language.txt
echo "seeds: $(ls corpus/reader | wc -l) reader, $(ls corpus/dateline | wc -l) dateline, $(ls corpus/query | wc -l) query"
