curl 'https://shop.example/api/review' \
  -H 'accept: */*' \
  -H 'content-type: application/json' \
  -b $'session=abc123; note=O\'Reilly' \
  -H 'origin: https://shop.example' \
  --data-raw $'{"text":"It\'s great\u0021\\nWould buy again \u00e9","stars":5}'
