#!/bin/sh
# Seeds fuzz/corpus/<target>/ from fixtures/ (run from fuzz/). The linkedin
# and facebook targets take a first byte that picks the file name: each
# seed gets the byte of the name it was exported under.
set -eu
F=../fixtures
mkdir -p corpus/linkedin corpus/facebook corpus/vcard corpus/calllog corpus/sms \
  corpus/icalendar corpus/touchpoints corpus/contacts corpus/whatsapp corpus/instagram corpus/mail corpus/zip
seed() { # target byte file
  { printf "\\$(printf '%03o' "$2")"; cat "$3"; } > "corpus/$1/$(basename "$3").$2"
}
for f in $F/linkedin/connections_*.csv $F/malformed/Connections_*.csv; do seed linkedin 0 "$f"; done
for f in $F/linkedin/messages_*.csv; do seed linkedin 1 "$f"; done
seed linkedin 2 $F/linkedin/invitations.csv
seed linkedin 3 $F/linkedin/Profile.csv
seed linkedin 6 $F/linkedin/Endorsement_Received_Info.csv
seed linkedin 8 $F/linkedin/Recommendations_Received.csv
find $F/facebook $F/demo/facebook-morganreyes -path '*messages*' -name '*.json' | while read -r f; do seed facebook 0 "$f"; done
find $F/facebook $F/demo/facebook-morganreyes -name '*friends*.json' | while read -r f; do seed facebook 2 "$f"; done
find $F/facebook $F/demo/facebook-morganreyes $F/malformed -name 'profile_information.json' | while read -r f; do seed facebook 4 "$f"; done
for f in $F/facebook/e2ee/*.json; do seed facebook 6 "$f"; done
cp $F/vcard/*.vcf $F/demo/phone/*.vcf $F/malformed/*.vcf corpus/vcard/
cp $F/calllog/calls_*.xml $F/demo/phone/calls-*.xml corpus/calllog/
cp $F/malformed/calls-20261124070000.xml corpus/calllog/billion_laughs.xml
cp $F/calllog/sms.xml $F/demo/phone/sms-*.xml corpus/sms/
cp $F/calendar/*.ics $F/demo/*.ics $F/malformed/*.ics corpus/icalendar/
cp $F/demo/touchpoints.csv corpus/touchpoints/
printf 'date,name,email,phone,kind,note\n2026-01-02,Ada Lovelace,ada@example.com,+15555550101,coffee,hi\n' > corpus/touchpoints/small.csv
cp $F/contacts/*.csv corpus/contacts/
find $F/instagram -path '*messages*' -name '*.json' | while read -r f; do seed instagram 0 "$f"; done
find $F/instagram -name 'personal_information.json' | while read -r f; do seed instagram 2 "$f"; done
for f in $F/whatsapp/*.txt; do seed whatsapp 1 "$f"; done
python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("_chat.txt"))' \
  "$F/whatsapp/WhatsApp Chat - Priya Shah.zip" > corpus/whatsapp/ios.tmp
seed whatsapp 2 corpus/whatsapp/ios.tmp && rm corpus/whatsapp/ios.tmp
seed mail 0 $F/mail/gmail-takeout.mbox
seed mail 0 $F/mail/damaged.mbox
seed mail 1 $F/mail/thunderbird/Inbox
seed mail 2 $F/mail/maildir/new/1717000000.M1P100.mailhost
seed mail 3 $F/mail/message.eml
cp $F/demo/*.zip $F/malformed/*.zip $F/whatsapp/*.zip corpus/zip/
