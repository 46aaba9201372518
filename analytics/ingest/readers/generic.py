"""The fallback reader: any orders table whose headers use common names, English, Chinese or European.

A file with no order id column is valid: each row is then one purchase (customer, date, amount).
"""

from __future__ import annotations

import pandas as pd

from analytics.ingest.canonical import Export, build_orders
from analytics.ingest.readers.base import map_columns, needed_by_aliases, rename_to_fields

# Order matters inside each tuple: the first alias found wins. After the English and Chinese
# names come the usual spreadsheet names in German, French, Spanish, Italian, Dutch, Portuguese
# and Polish (headers are compared without case, spaces, punctuation or accents' letters).
GENERIC_ALIASES: dict[str, tuple[str, ...]] = {
    "order_id": (
        "order id", "order_id", "order number", "order no", "order #", "order", "orderid",
        "invoice", "invoice no", "invoice number", "invoiceno", "transaction id", "receipt",
        "订单号", "订单编号", "订单id", "单号",
        "bestellnummer", "bestell-nr", "bestellnr", "auftragsnummer", "bestellung", "rechnungsnummer",
        "numéro de commande", "n° de commande", "no de commande", "numéro d'ordre", "commande", "référence commande",
        "número de pedido", "nº de pedido", "n.º pedido", "pedido", "numero ordine", "n. ordine", "ordine",
        "bestelnummer", "ordernummer", "bestelling", "número do pedido", "numer zamówienia", "nr zamówienia",
        "zamówienie",
    ),
    "email": (
        "email", "e-mail", "customer email", "email address", "buyer email", "billing email",
        "邮箱", "电子邮件", "客户邮箱",
        "e-mail-adresse", "courriel", "adresse e-mail", "correo", "correo electrónico", "indirizzo email",
        "e-mailadres", "adres e-mail",
    ),
    "customer_id": (
        "customer id", "customer_id", "customerid", "customer", "client id", "client",
        "buyer id", "buyer", "user id", "member id", "客户", "客户id", "客户编号", "买家",
        "买家会员名", "会员", "会员id", "用户id",
        "kundennummer", "kunden-nr", "kundennr", "kunde", "numéro de client", "numéro client", "id client", "id cliente", "cliente",
        "klantnummer", "klant", "numer klienta", "klient",
    ),
    "name": (
        "customer name", "name", "full name", "billing name", "buyer name", "client name",
        "姓名", "客户名称", "客户姓名", "收货人", "收货人姓名",
        "kundenname", "nom du client", "nom", "nombre del cliente", "nombre", "nome cliente", "nome",
        "klantnaam", "naam", "nome do cliente", "nazwa klienta", "imię i nazwisko",
    ),
    "ordered_at": (
        "order date", "date", "created at", "created", "purchase date", "order time",
        "invoicedate", "invoice date", "timestamp", "datetime", "date created", "paid at",
        "下单时间", "订单日期", "日期", "创建时间", "订单创建时间", "付款时间", "时间",
        "bestelldatum", "datum", "date de commande", "date de la commande", "date d'ordre", "fecha del pedido", "fecha", "data ordine",
        "besteldatum", "data do pedido", "data zamówienia", "data",
    ),
    "total": (
        "total", "order total", "amount", "total amount", "grand total", "revenue", "sales",
        "total price", "order value", "value", "net sales", "gross", "subtotal",
        "金额", "总金额", "订单金额", "实付金额", "实付款", "买家实际支付金额", "支付金额", "销售额",
        "gesamtbetrag", "bestellsumme", "rechnungsbetrag", "endbetrag", "bruttobetrag", "betrag", "gesamtsumme",
        "summe", "gesamtpreis", "gesamt", "brutto", "netto", "montant total", "montant ttc", "montant", "total ttc",
        "importe total", "importe", "totale", "importo", "totaalbedrag", "bedrag", "totaal",
        "valor total", "valor", "kwota", "wartość", "suma", "razem", "net",
    ),
    "unit_price": (
        "unit price", "price", "unitprice", "item price", "单价", "价格",
        "einzelpreis", "stückpreis", "preis", "prix unitaire", "prix", "precio unitario", "precio",
        "prezzo unitario", "prezzo", "stukprijs", "prijs", "preço unitário", "preço", "cena jednostkowa", "cena",
    ),
    "quantity": (
        "quantity", "qty", "units", "数量", "购买数量",
        "menge", "anzahl", "quantité", "cantidad", "quantità", "aantal", "quantidade", "ilość",
    ),
    "product": (
        "product", "product name", "item", "item name", "description", "title",
        "商品", "商品名称", "产品", "宝贝标题",
        "artikel", "produkt", "artikelname", "produktname", "artikelbezeichnung", "bezeichnung", "produit", "désignation", "producto", "artículo", "prodotto", "articolo",
        "artikelnaam", "produto", "nazwa produktu",
    ),
    "sku": (
        "sku", "product id", "stockcode", "stock code", "item id", "商品编号", "商家编码",
        "artikelnummer", "artikel-nr", "art. nr.", "art.-nr.", "produkt-sku", "numéro d'article", "référence", "referencia", "codice articolo", "artikelcode", "kod produktu",
    ),
    "currency": (
        "currency", "currency code", "币种", "货币",
        "währung", "devise", "moneda", "valuta", "moeda", "waluta",
    ),
    "status": (
        "status", "order status", "financial status", "payment status", "状态", "订单状态",
        "bestellstatus", "zahlungsstatus", "statut", "état", "estado", "stato", "situação",
    ),
    "refunded_amount": ("refunded amount", "refund amount", "amount refunded", "退款金额"),
    "country": ("country", "billing country", "shipping country", "国家", "land", "pays", "país", "paese", "kraj"),
    "channel": ("channel", "source", "sales channel", "渠道"),
    "discount_code": ("discount code", "coupon code", "coupon", "coupons", "promo code", "voucher code", "voucher",
                      "优惠码", "优惠券", "折扣码", "券码"),
    "review_text": ("feedback", "customer feedback", "review", "comment", "customer note", "notes",
                    "survey answer", "买家留言", "评价"),
    "rating": ("rating", "stars", "star rating", "评分"),
}


class GenericOrdersReader:
    """Reads a plain orders or purchases CSV by recognising its column names."""

    platform = "generic"

    def recognises(self, columns: list[str]) -> bool:
        return True

    def columns_needed(self, columns: list[str]) -> list[str]:
        """The recognised columns; all of them when a required one is missing, so the owner
        can be shown every column and asked which is which."""
        found = set(map_columns(columns, GENERIC_ALIASES))
        complete = "ordered_at" in found and found & {"total", "unit_price"} and found & {"customer_id", "email", "name"}
        return needed_by_aliases(columns, GENERIC_ALIASES) if complete else list(columns)

    def read(self, table: pd.DataFrame, file_name: str) -> Export:
        mapping = map_columns(list(table.columns), GENERIC_ALIASES)
        return build_orders(rename_to_fields(table, mapping), self.platform, file_name)
