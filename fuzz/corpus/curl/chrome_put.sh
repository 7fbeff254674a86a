curl 'https://shop.example/api/cart/42' \
  -X 'PUT' \
  -H 'content-type: text/plain;charset=UTF-8' \
  -H 'x-empty;' \
  --data-raw 'qty=3'
