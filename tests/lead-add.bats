#!/usr/bin/env bats
# lead-add: the front door for every lead.

load helper

tab=$'\t'

@test "the example from the README: new, then duplicate" {
	printf 'name,email,phone\nAna Ruiz,ana@example.com,(555) 123-4567\n' > in.csv
	run -0 --separate-stderr lead-add --country US < in.csv
	[ "$output" = "1${tab}new" ]
	[ -z "$stderr" ]
	run -0 lead-add --country US < in.csv
	[ "$output" = "1${tab}duplicate" ]
	[ "$(sql 'SELECT name, email, phone FROM leads')" = \
	    "Ana Ruiz|ana@example.com|+15551234567" ]
	[ "$(count)" -eq 1 ]
}

@test "a broken record among good ones: line number, exit 65, good ones kept" {
	cat > in.csv <<-'EOF'
	name,email,phone
	Ana,ana@example.com,
	Bob,bob@@example.com,
	Cy,,+61 3 9123 4567
	Di,,
	Ed,ed@example.org,
	EOF
	run -65 --separate-stderr lead-add in.csv
	[ "${lines[0]}" = "1${tab}new" ]
	[ "${lines[1]}" = "2${tab}new" ]
	[ "${lines[2]}" = "3${tab}new" ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "$stderr" == *"lead-add: in.csv:3: bad email 'bob@@example.com'"* ]]
	[[ "$stderr" == *"lead-add: in.csv:5: no email or phone"* ]]
	[ "$(sql 'SELECT group_concat(name) FROM leads')" = "Ana,Cy,Ed" ]
}

@test "--rejects writes bad CSV records with their header, ready to fix" {
	cat > in.csv <<-'EOF'
	name,email
	Ana,ana@example.com
	"Bob, Jr",bob@
	Di,
	EOF
	run -65 --separate-stderr lead-add --rejects bad.csv in.csv
	[ "$output" = "1${tab}new" ]
	[ "$(cat bad.csv)" = "$(printf 'name,email\n"Bob, Jr",bob@\nDi,')" ]
	# Fixed and fed again, the record goes in.
	sed -i 's/bob@$/bob@example.com/; /^Di,$/d' bad.csv
	run -0 lead-add bad.csv
	[ "$output" = "2${tab}new" ]
}

@test "--rejects keeps JSON Lines and Key: value records as they came" {
	printf '{"email":"a@example.com"}\n{"email":"nope"}\n' > in.jsonl
	run -65 lead-add --rejects bad.jsonl in.jsonl
	[ "$(cat bad.jsonl)" = '{"email":"nope"}' ]
	printf 'Name: A\nEmail: a@example.com\n\nName: B\nEmail: b@\n' > in.txt
	run -65 lead-add --rejects bad.txt in.txt
	[ "$(head -2 bad.txt)" = "$(printf 'Name: B\nEmail: b@')" ]
}

@test "formats are detected: csv, tsv, jsonl, kv" {
	printf 'email\nc@example.com\n' > a.csv
	printf 'email\tphone\nt@example.com\t+15551230000\n' > b.tsv
	printf '{"email":"j@example.com","name":"Jo"}\n' > c.jsonl
	printf 'Name: Kay\nEmail: k@example.com\n' > d.txt
	run -0 lead-add a.csv b.tsv c.jsonl d.txt
	[ "${#lines[@]}" -eq 4 ]
	[ "$(sql 'SELECT group_concat(email) FROM leads')" = \
	    "c@example.com,t@example.com,j@example.com,k@example.com" ]
}

@test "-f forces a format, and an unknown one is a usage error" {
	printf 'Name: Kay\nEmail: k@example.com\n' > odd.txt
	run -65 --separate-stderr lead-add -f csv odd.txt
	[[ "$stderr" == *"odd.txt:2: no email or phone"* ]]
	run -64 --separate-stderr lead-add -f xml odd.txt
	[[ "$stderr" == *"unknown format 'xml'"* ]]
	[ "$(count)" -eq 0 ]
}

@test "CSV: quotes, embedded commas and newlines, CRLF, BOM" {
	printf '\xef\xbb\xbfName,Email,Notes\r\n"Ruiz, Ana",ana@example.com,"says ""hi""\r\nand bye"\r\nBo,bo@example.com,x\r\n' > in.csv
	run -0 lead-add in.csv
	[ "$(sql "SELECT name FROM leads WHERE id = 1")" = "Ruiz, Ana" ]
	[ "$(sql "SELECT note FROM events WHERE lead_id = 1")" = \
	    "$(printf 'says "hi"\r\nand bye')" ]
	[ "$(sql "SELECT email FROM leads WHERE id = 2")" = "bo@example.com" ]
}

@test "Meta Lead Ads TSV export: prefixes, custom questions kept" {
	printf 'id\tcreated_time\tad_id\tad_name\tis_organic\tplatform\twhen_to_call\tfull_name\tphone_number\temail\tcity\n' > meta.tsv
	printf 'l:123\t2026-11-20T09:15:00+0000\tag:9\tWinter\tFALSE\tig\tevenings\tAna Ruiz\tp:+447700900123\tAna@Example.COM\tLeeds\n' >> meta.tsv
	run -0 lead-add --source meta meta.tsv
	[ "$(sql 'SELECT ext_id, source, name, email, phone, created FROM leads')" = \
	    "l:123|meta|Ana Ruiz|ana@example.com|+447700900123|1795166100" ]
	[ "$(sql "SELECT json_extract(extra, '\$.when_to_call'), json_extract(extra, '\$.city'), json_extract(extra, '\$.platform') FROM leads")" = \
	    "evenings|Leeds|ig" ]
}

@test "CRM exports: HubSpot, Salesforce, Zoho and LinkedIn headers" {
	printf 'Record ID,First Name,Last Name,Email,Phone Number,Contact owner,Create Date,Associated Company\n7,Ana,Ruiz,ana@example.com,(650) 253-0000,alice,2026-11-02 10:23,Acme\n' > hubspot.csv
	printf 'FirstName,LastName,Company,Email,MobilePhone,LeadSource,Description\nBo,Li,Initech,bo@example.com,0412 345 678,Web,Wants a quote\n' > sf.csv
	printf 'Record Id,Lead Owner,First Name,Last Name,Mobile,Secondary Email,Lead Source\nz1,carol,Cy,Do,020 7031 3000,cy@example.net,Trade show\n' > zoho.csv
	printf 'Lead ID,First Name,Last Name,Email Address,Phone Number,Company Name,Country/Region,Submitted At\nli9,Di,Eve,di@example.com,+44 20 7946 0958,Globex,GB,11/02/2026 09:00 AM\n' > li.csv
	LEADS_COUNTRY=US run -0 lead-add hubspot.csv
	run -0 lead-add --country AU sf.csv
	run -0 lead-add --country GB zoho.csv
	run -0 lead-add li.csv
	[ "$(sql 'SELECT name, email, phone, company, owner, ext_id FROM leads WHERE id = 1')" = \
	    "Ana Ruiz|ana@example.com|+16502530000|Acme|alice|7" ]
	[ "$(sql 'SELECT name, phone, company, source FROM leads WHERE id = 2')" = \
	    "Bo Li|+61412345678|Initech|Web" ]
	[ "$(sql "SELECT note FROM events WHERE lead_id = 2")" = "Wants a quote" ]
	[ "$(sql 'SELECT name, email, phone, owner, source, ext_id FROM leads WHERE id = 3')" = \
	    "Cy Do|cy@example.net|+442070313000|carol|Trade show|z1" ]
	[ "$(sql 'SELECT name, phone, company, country, created FROM leads WHERE id = 4')" = \
	    "Di Eve|+442079460958|Globex|GB|1793610000" ]
}

@test "Google Ads and Meta webhook JSON" {
	cat > in.jsonl <<-'EOF'
	{"lead_id":"g-1","api_version":"1.0","form_id":5,"user_column_data":[{"column_name":"Full Name","string_value":"Ana Ruiz","column_id":"FULL_NAME"},{"string_value":"ANA@example.com","column_id":"EMAIL"},{"column_name":"Budget","string_value":"5k","column_id":"BUDGET"}],"is_test":true,"gcl_id":"abc"}
	{"created_time":"2015-11-12T15:27:06+0000","id":"m-1","field_data":[{"name":"full_name","values":["Bo Li"]},{"name":"email","values":["bo\u0040example.com"]}]}
	EOF
	run -0 lead-add --source ads in.jsonl
	[ "$(sql 'SELECT ext_id, name, email FROM leads WHERE id = 1')" = \
	    "g-1|Ana Ruiz|ana@example.com" ]
	[ "$(sql "SELECT json_extract(extra, '\$.BUDGET'), json_extract(extra, '\$.is_test') FROM leads WHERE id = 1")" = "5k|true" ]
	[ "$(sql 'SELECT ext_id, name, email, created FROM leads WHERE id = 2')" = \
	    "m-1|Bo Li|bo@example.com|1447342026" ]
}

@test "web-form notification bodies: Gravity, WPForms, Contact Form 7" {
	cat > gravity.txt <<-'EOF'
	Name: Ana Ruiz

	Email: ana@example.com

	Phone: (03) 9123 4567

	Message: Call me after lunch
	EOF
	cat > wpforms.txt <<-'EOF'
	--- Name ---

	Bo Li

	--- Email ---

	bo@example.com

	--- Company ---

	(empty)
	EOF
	cat > cf7.txt <<-'EOF'
	From: Cy Do <cy@example.org>
	Subject: Quote please

	Message Body:
	We need 40 chairs.
	By March.

	-- 
	This e-mail was sent from a contact form on Example Site
	EOF
	run -0 lead-add --country AU gravity.txt
	run -0 lead-add wpforms.txt
	run -0 lead-add cf7.txt
	[ "$(sql 'SELECT name, email, phone FROM leads WHERE id = 1')" = \
	    "Ana Ruiz|ana@example.com|+61391234567" ]
	[ "$(sql "SELECT note FROM events WHERE lead_id = 1")" = "Call me after lunch" ]
	[ "$(sql 'SELECT name, email, company FROM leads WHERE id = 2')" = "Bo Li|bo@example.com|" ]
	[ "$(sql 'SELECT name, email FROM leads WHERE id = 3')" = "Cy Do|cy@example.org" ]
	[ "$(sql "SELECT note FROM events WHERE lead_id = 3")" = \
	    "$(printf 'We need 40 chairs.\nBy March.')" ]
}

@test "every field without a column of its own is kept" {
	printf 'email,Favourite Colour,utm_source,utm_campaign\nx@example.com,teal,google,winter\n' > in.csv
	run -0 lead-add in.csv
	[ "$(sql 'SELECT extra FROM leads')" = \
	    '{"Favourite Colour":"teal","utm_source":"google","utm_campaign":"winter"}' ]
}

@test "normalization: email lower-cased, phone E.164 by country, names trimmed" {
	printf 'name,email,phone\n  Ana   Ruiz ,  ANA@Example.COM ,(03) 9123 4567\n' > in.csv
	run -0 lead-add --country AU in.csv
	[ "$(sql 'SELECT name, email, phone FROM leads')" = \
	    "Ana Ruiz|ana@example.com|+61391234567" ]
	LEADS_COUNTRY=AU run -0 lead-add --phone "0412 345 678"
	[ "$(sql 'SELECT phone FROM leads WHERE id = 2')" = "+61412345678" ]
	run -0 lead-add --country US --phone "+44 20 7946 0958"
	[ "$(sql 'SELECT phone FROM leads WHERE id = 3')" = "+442079460958" ]
}

@test "validation: each bad field is named, exit 65, nothing stored" {
	run -65 --separate-stderr lead-add --email "ana@"
	[[ "$stderr" == "lead-add: bad email 'ana@'"* ]]
	run -65 --separate-stderr lead-add --phone "12345"
	[[ "$stderr" == "lead-add: bad phone '12345'"* ]]
	run -65 --separate-stderr lead-add --phone "+1234567890123456"
	[[ "$stderr" == "lead-add: bad phone"* ]]
	run -65 --separate-stderr lead-add --email a@example.com --created "yesterday-ish"
	[[ "$stderr" == "lead-add: bad time 'yesterday-ish'"* ]]
	run -65 --separate-stderr lead-add --email a@example.com --created 2027-06-01
	[[ "$stderr" == *"is in the future"* ]]
	run -65 --separate-stderr lead-add --email a@example.com --tz Mars/Olympus
	[[ "$stderr" == "lead-add: unknown time zone 'Mars/Olympus'" ]]
	run -65 --separate-stderr lead-add --email a@example.com --value lots
	[[ "$stderr" == "lead-add: bad value 'lots'"* ]]
	run -65 --separate-stderr lead-add --name "Nobody"
	[ "$stderr" = "lead-add: no email or phone" ]
	[ "$(count)" -eq 0 ]
}

@test "usage errors exit 64; --help and --version exit 0" {
	run -64 --separate-stderr lead-add --bogus
	[[ "$stderr" == *"usage: lead-add"* ]]
	run -64 --separate-stderr lead-add --country ZZ --email a@example.com
	[[ "$stderr" == "lead-add: unknown country 'ZZ'"* ]]
	run -64 --separate-stderr lead-add --email a@example.com in.csv
	[[ "$stderr" == *"not both"* ]]
	run -0 lead-add --help
	[[ "$output" == "usage: lead-add"* ]]
	run -0 lead-add --version
	[[ "$output" =~ ^lead-add\ \(leads\)\ [0-9]+\.[0-9]+ ]]
	[ ! -e "$LEADS_DB" ]
}

@test "invalid UTF-8 and NUL bytes are rejected with their line" {
	printf 'name,email\nJos\xe9,jose@example.com\nAna,ana@example.com\n' > in.csv
	run -65 --separate-stderr lead-add in.csv
	[[ "$stderr" == *"in.csv:2: invalid UTF-8"* ]]
	[ "$output" = "1${tab}new" ]
	printf '{"email":"a@example.com"}\n{"email":"b@exa\x00mple.com"}\n' > nul.jsonl
	run -65 --separate-stderr lead-add nul.jsonl
	[[ "$stderr" == *"nul.jsonl:2:"* ]]
	[ "$(count)" -eq 2 ]
}

@test "--encoding converts Windows-1252; a UTF-16 file is converted" {
	printf 'name,email\nJos\xe9,jose@example.com\n' > cp.csv
	run -0 lead-add --encoding windows-1252 cp.csv
	[ "$(sql 'SELECT name FROM leads')" = "José" ]
	printf 'name\temail\nZoë\tzoe@example.com\n' | iconv -f UTF-8 -t UTF-16 > u16.txt
	run -0 lead-add u16.txt
	[ "$(sql 'SELECT name FROM leads WHERE id = 2')" = "Zoë" ]
	run -64 --separate-stderr lead-add --encoding klingon cp.csv
	[[ "$stderr" == *"unknown encoding 'klingon'"* ]]
}

@test "size limits: an over-long field is rejected, the rest kept" {
	{
		printf 'name,email\n'
		printf 'Ana,ana@example.com\n'
		printf '%*s,big@example.com\n' 70000 x
		printf 'Bo,bo@example.com\n'
	} > in.csv
	run -65 --separate-stderr lead-add in.csv
	[[ "$stderr" == *"in.csv:3: field over 65536 bytes"* ]]
	[ "$(sql 'SELECT group_concat(email) FROM leads')" = \
	    "ana@example.com,bo@example.com" ]
}

@test "dedupe: external id and source, then email, then phone" {
	printf 'id,email,phone\nx1,a@example.com,+15550000001\n' > a.csv
	run -0 lead-add --source s1 a.csv
	# same id and source, other contact details: the same lead
	printf 'id,email\nx1,other@example.com\n' > b.csv
	run -0 lead-add --source s1 b.csv
	[ "$output" = "1${tab}updated" ]
	# same id, other source, no shared contact: a new lead
	run -0 lead-add --source s2 b.csv
	[ "$output" = "2${tab}new" ]
	# by email
	run -0 lead-add --email A@EXAMPLE.COM --name "Ann"
	[ "$output" = "1${tab}updated" ]
	# by phone, written another way
	run -0 lead-add --country US --phone "(555) 000-0001" --company Acme
	[ "$output" = "1${tab}updated" ]
	[ "$(sql 'SELECT name, company, email FROM leads WHERE id = 1')" = \
	    "Ann|Acme|a@example.com" ]
	[ "$(count)" -eq 2 ]
}

@test "dedupe inside one input" {
	printf 'email,phone\na@example.com,\nA@example.com,\n,+15550000001\nb@example.com,+15550000001\n' > in.csv
	run -0 lead-add in.csv
	[ "${lines[0]}" = "1${tab}new" ]
	[ "${lines[1]}" = "1${tab}duplicate" ]
	[ "${lines[2]}" = "2${tab}new" ]
	[ "${lines[3]}" = "2${tab}updated" ]
	[ "$(count)" -eq 2 ]
}

@test "files with their columns in other places, in one run: each read by its own header" {
	printf 'name,email,company\nAna Ruiz,ana@example.com,Acme\n' > a.csv
	printf 'company,name,email\nBolt,Bo Li,bo@example.com\n' > b.csv
	printf 'Email: cy@example.com\nName: Cy Diaz\n\nName: Di Ng\nEmail: di@example.com\n' > c.txt
	run -0 lead-add a.csv b.csv c.txt
	[ "$output" = "$(printf '%s\n' "1${tab}new" "2${tab}new" "3${tab}new" "4${tab}new")" ]
	[ "$(sql "SELECT name || '|' || email || '|' || coalesce(company, '') FROM leads ORDER BY id")" = "$(printf '%s\n' \
	    'Ana Ruiz|ana@example.com|Acme' 'Bo Li|bo@example.com|Bolt' \
	    'Cy Diaz|cy@example.com|' 'Di Ng|di@example.com|')" ]
}

@test "a batch's events keep their order: a re-inquiry follows its lead's added event" {
	# Lead 20's added event is still waiting to be written with others
	# when its re-inquiry and lead 3's exact repeat come.
	{
		echo 'email,created'
		for i in $(seq 1 20); do echo "p$i@example.com,2026-11-01 09:00"; done
		echo 'p20@example.com,2026-11-02 09:00'
		echo 'p3@example.com,2026-11-01 09:00'
		echo 'p21@example.com,2026-11-01 09:00'
	} > in.csv
	run -0 lead-add in.csv
	[ "${#lines[@]}" -eq 23 ]
	[ "${lines[19]}" = "20${tab}new" ]
	[ "${lines[20]}" = "20${tab}reinquiry" ]
	[ "${lines[21]}" = "3${tab}duplicate" ]
	[ "${lines[22]}" = "21${tab}new" ]
	[ "$(sql "SELECT group_concat(lead_id || kind, ' ') FROM
	    (SELECT lead_id, kind FROM events WHERE id > 18 ORDER BY id)")" = \
	    "19added 20added 20reinquiry 21added" ]
	[ "$(sql "SELECT count(*) FROM events WHERE kind = 'added'")" -eq 21 ]
	run -0 lead-rebuild -n
}

@test "a read error part way: exit 74, nothing of the open batch stored or printed" {
	printf 'email\na@example.com\nb@example.com\n' > good.csv
	mkdir dir
	run -74 --separate-stderr lead-add good.csv dir
	[ "$stderr" = "lead-add: dir: read error: Is a directory" ]
	[ -z "$output" ]
	[ "$(count)" -eq 0 ]
	run -0 lead-add good.csv
	[ "$output" = "$(printf '1\tnew\n2\tnew')" ]
}

@test "rejects that cannot be written: exit 74, the good records stored" {
	[ -w /dev/full ] || skip "no /dev/full"
	printf 'email\nc@example.com\nbad\n' > in.csv
	run -74 --separate-stderr lead-add --rejects /dev/full in.csv
	[ "$output" = "1${tab}new" ]
	[ "${stderr##*$'\n'}" = "lead-add: cannot write '/dev/full': No space left on device" ]
	[ "$(count)" -eq 1 ]
}

@test "an email of one lead and a phone of another: the phone stays with its lead" {
	printf 'email,phone\na@example.com,\nb@example.com,+15550000002\n' > in.csv
	run -0 lead-add in.csv
	run -0 lead-add --email a@example.com --phone +15550000002
	[ "$output" = "1${tab}updated" ]
	[ "$(sql 'SELECT phone IS NULL, extra FROM leads WHERE id = 1')" = \
	    '1|{"other phone":"+15550000002"}' ]
	[ "$(sql 'SELECT phone FROM leads WHERE id = 2')" = "+15550000002" ]
	[ "$(count)" -eq 2 ]
}

@test "feeding the same input twice changes nothing" {
	printf 'name,email,created,Budget\nAna,a@example.com,2026-11-20 09:00,5k\nBo,b@example.com,,\n' > in.csv
	run -0 lead-add in.csv
	before=$(sqlite3 "$LEADS_DB" .dump)
	LEADS_NOW=2026-11-24T10:00:00Z run -0 lead-add in.csv
	[ "$output" = "$(printf '1\tduplicate\n2\tduplicate')" ]
	[ "$(sqlite3 "$LEADS_DB" .dump)" = "$before" ]
}

@test "a later inquiry by the same person is a re-inquiry: due now, fields filled" {
	printf 'email,created\na@example.com,2026-11-01 09:00\n' > first.csv
	run -0 lead-add first.csv
	sql "UPDATE leads SET due_at = NULL, status = 'lost', closed_at = 1"
	printf 'email,phone,created,notes\na@example.com,+15550000009,2026-11-23 09:30,back again\n' > again.csv
	run -0 lead-add again.csv
	[ "$output" = "1${tab}reinquiry" ]
	[ "$(sql 'SELECT status, phone, due_at, last_inquiry, closed_at IS NULL FROM leads')" = \
	    "active|+15550000009|1795426200|1795426200|1" ]
	[ "$(sql "SELECT kind, at, note FROM events ORDER BY id")" = \
	    "$(printf 'added|1793523600|\nreinquiry|1795426200|back again')" ]
	# an older record is no re-inquiry
	printf 'email,created,city\na@example.com,2026-10-01 09:00,Leeds\n' > old.csv
	run -0 lead-add old.csv
	[ "$output" = "1${tab}updated" ]
	[ "$(sql 'SELECT last_inquiry FROM leads')" = "1795426200" ]
}

@test "won and do-not-contact leads stay as they are on a re-inquiry" {
	run -0 lead-add --email w@example.com --created 2026-11-01
	run -0 lead-add --email d@example.com --created 2026-11-01
	sql "UPDATE leads SET status = 'won', due_at = NULL WHERE id = 1;
	    UPDATE leads SET status = 'dnc', due_at = NULL WHERE id = 2"
	run -0 lead-add --email w@example.com --created 2026-11-20
	[ "$output" = "1${tab}reinquiry" ]
	run -0 lead-add --email d@example.com --created 2026-11-20
	[ "$output" = "2${tab}reinquiry" ]
	[ "$(sql 'SELECT status, due_at IS NULL FROM leads ORDER BY id')" = \
	    "$(printf 'won|1\ndnc|1')" ]
}

@test "a new lead's first step is due at once, from its inquiry time" {
	run -0 lead-add --phone +15550000001 --created "2026-11-23T09:58:00Z"
	run -0 lead-add --phone +15550000002
	[ "$(sql 'SELECT due_at, cadence, step, step_id, step_base FROM leads ORDER BY id')" = \
	    "$(printf '1795427880|new-lead|1|first-call|1795427880\n1795428000|new-lead|1|first-call|1795428000')" ]
	# no phone to call: the first step it can take, the email 10m on
	run -0 lead-add --email b@example.com
	[ "$(sql 'SELECT due_at, step, step_id FROM leads WHERE id = 3')" = \
	    "1795428600|2|missed-you" ]
	run -0 lead-add --email x@example.com
	[ "$(sql "SELECT kind, actor FROM events WHERE lead_id = 4")" = "added|tester" ]
	LEADS_USER=rep1 run -0 lead-add --email c@example.com
	[ "$(sql "SELECT actor FROM events WHERE lead_id = 5")" = "rep1" ]
}

@test "-q prints nothing; --dry-run writes nothing" {
	run -0 lead-add -q --email a@example.com
	[ -z "$output" ]
	before=$(sqlite3 "$LEADS_DB" .dump)
	run -0 lead-add --dry-run --email b@example.com
	[ "$output" = "2${tab}new" ]
	run -0 lead-add -n --email a@example.com
	[ "$output" = "1${tab}duplicate" ]
	[ "$(sqlite3 "$LEADS_DB" .dump)" = "$before" ]
	rm -f "$LEADS_DB"*
	run -0 lead-add --dry-run --email b@example.com
	[ "$output" = "1${tab}new" ]
	[ ! -e "$LEADS_DB" ]
}

@test "a missing input file: exit 66, the other files still read" {
	printf 'email\na@example.com\n' > a.csv
	run -66 --separate-stderr lead-add nosuch.csv a.csv
	[ "$stderr" = "lead-add: cannot open 'nosuch.csv': No such file or directory" ]
	[ "$output" = "1${tab}new" ]
}

@test "the database is created 0600 in a 0700 directory whatever the umask" {
	unset LEADS_DB
	umask 000
	run -0 lead-add --email a@example.com
	[ "$(stat -c %a "$HOME/.local/share/leads")" = 700 ]
	[ "$(stat -c %a "$HOME/.local/share/leads/leads.db")" = 600 ]
	# write-ahead logging, so readers never block the writer
	[ "$(sqlite3 "$HOME/.local/share/leads/leads.db" 'PRAGMA journal_mode')" = wal ]
	export XDG_DATA_HOME="$BATS_TEST_TMPDIR/xdg"
	run -0 lead-add --email a@example.com
	[ -f "$XDG_DATA_HOME/leads/leads.db" ]
	run -0 lead-add -d "$BATS_TEST_TMPDIR/other.db" --email a@example.com
	[ "$(stat -c %a "$BATS_TEST_TMPDIR/other.db")" = 600 ]
}

@test "a database from a newer version is refused untouched" {
	run -0 lead-add --email a@example.com
	sql "PRAGMA user_version = 99"
	sum=$(cksum < "$LEADS_DB")
	run -78 --separate-stderr lead-add --email b@example.com
	[[ "$stderr" == *"schema version 99 is newer than this program's"* ]]
	[ "$(cksum < "$LEADS_DB")" = "$sum" ]
}

@test "a file that is not a database: one line, exit 74" {
	echo "hello" > "$LEADS_DB"
	run -74 --separate-stderr lead-add --email a@example.com
	[[ "$stderr" == "lead-add: cannot open '$LEADS_DB': file is not a database" ]]
	[ "$(cat "$LEADS_DB")" = hello ]
}

@test "1,000 leads with duplicates; then re-fed" {
	awk 'BEGIN {
		print "name,email,phone"
		for (i = 1; i <= 1000; i++) {
			n = (i % 33 == 0) ? i - 1 : i	# 30 repeat the row before
			printf "Lead %d,lead%d@example.com,(555) %03d-%04d\n", n, n, n % 1000, n
		}
	}' > big.csv
	run -0 lead-add --country US big.csv
	[ "$(grep -c new <<< "$output")" -eq 970 ]
	[ "$(grep -c duplicate <<< "$output")" -eq 30 ]
	[ "$(count)" -eq 970 ]
	[ "$(sql 'SELECT count(DISTINCT phone) FROM leads')" -eq 970 ]
	run -0 lead-add --country US big.csv
	[ "$(grep -c duplicate <<< "$output")" -eq 1000 ]
	[ "$(count)" -eq 970 ]
	[ "$(sql 'PRAGMA integrity_check')" = ok ]
}

@test "ids can be piped on, and a slow pipe sees each lead as it is stored" {
	coproc { lead-add --country US; }
	pid=$COPROC_PID		# bash unsets COPROC_PID when it ends
	printf 'email\na@example.com\n' >&"${COPROC[1]}"
	read -r -t 10 line <&"${COPROC[0]}"
	[ "$line" = "1${tab}new" ]
	printf 'b@example.com\n' >&"${COPROC[1]}"
	read -r -t 10 line <&"${COPROC[0]}"
	[ "$line" = "2${tab}new" ]
	exec {COPROC[1]}>&-
	wait "$pid"
}

@test "a broken cadence file: FILE:LINE:COLUMN, exit 78, database untouched" {
	printf 'cadences:\n  new-lead:\n    steps:\n      - { channel: fax, after: 0m }\n' > bad.yaml
	run -78 --separate-stderr lead-add -c bad.yaml --email a@example.com
	[ "$stderr" = "lead-add: bad.yaml:4:20: unknown channel 'fax': use call, email, sms, mail or task" ]
	[ ! -e "$LEADS_DB" ]
	LEADS_CADENCES=bad.yaml run -78 lead-add --email a@example.com
	[ ! -e "$LEADS_DB" ]
}

@test "the cadence file gives the default country and zone, and the entry cadence" {
	cat > c.yaml <<'YAML'
timezone: America/New_York
country: US
hours: { mon-fri: "09:00-17:00" }
entry:
  - { match: { source: "google-*" }, cadence: hot }
cadences:
  new-lead:
    steps: [ { channel: call, after: 0m } ]
  hot:
    steps: [ { channel: call, after: 0m }, { channel: call, after: 1h } ]
YAML
	export LEADS_CADENCES="$PWD/c.yaml"
	# 09:30 New York is 14:30 UTC on a Monday
	run -0 lead-add --phone "(555) 000-0001" --created "2026-11-23 09:30" --source google-ads
	run -0 lead-add --phone "555-000-0002" --created "2026-11-23 08:00"
	[ "$(sql 'SELECT id, phone, cadence, created, due_at FROM leads ORDER BY id')" = \
	    "$(printf '1|+15550000001|hot|1795444200|1795444200\n2|+15550000002|new-lead|1795438800|1795442400')" ]
	# a re-inquiry starts its cadence again from its time
	sql "UPDATE leads SET step = 2, step_id = 'x', due_at = 1 WHERE id = 1"
	LEADS_NOW=2026-11-24T15:00:00Z run -0 lead-add --phone 5550000001 --created "2026-11-24 10:00" --source google-ads
	[ "$output" = "1${tab}reinquiry" ]
	[ "$(sql 'SELECT cadence, step, due_at, step_base FROM leads WHERE id = 1')" = \
	    "hot|1|1795532400|1795532400" ]
}
