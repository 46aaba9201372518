"""Order spreadsheets kept in German, French, Spanish, Italian, Dutch, Portuguese and Polish are
read without a question: their usual column names, status words, `;` delimiters, Windows-1252
bytes and decimal commas. Expected figures are worked out by hand from the rows below."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.ingest import read_export

# (header, paid, cancelled, refunded, pending) as an owner in each language would type them.
LANGUAGES = {
    "de": ("Bestellnummer;Kunde;Datum;Betrag;Währung;Status", "bezahlt", "storniert", "erstattet", "offen"),
    "fr": ("Numéro de commande;Client;Date;Montant;Devise;Statut", "payée", "annulée", "remboursée", "en attente"),
    "es": ("Pedido;Cliente;Fecha;Importe;Moneda;Estado", "pagado", "cancelado", "reembolsado", "pendiente"),
    "it": ("Numero ordine;Cliente;Data;Importo;Valuta;Stato", "pagato", "annullato", "rimborsato", "in attesa"),
    "nl": ("Bestelnummer;Klant;Datum;Bedrag;Valuta;Status", "betaald", "geannuleerd", "terugbetaald", "in afwachting"),
    "pt": ("Número do pedido;Cliente;Data;Valor;Moeda;Situação", "pago", "cancelado", "reembolsado", "pendente"),
    "pl": ("Numer zamówienia;Klient;Data;Kwota;Waluta;Status", "opłacone", "anulowane", "zwrócone", "oczekujące"),
}


def _sheet(language: str) -> bytes:
    header, paid, cancelled, refunded, pending = LANGUAGES[language]
    rows = [
        f"1001;Jürgen Müller;06.05.2024;28,95 €;EUR;{paid}",
        f"1002;Zoë Weiß;07.05.2024;1.234,50 €;EUR;{cancelled}",
        f"1003;Jürgen Müller;13.05.2024;12,00 €;EUR;{refunded}",
        f"1004;Anna Nowak;14.05.2024;9,99 €;EUR;{pending}",
        f"1005;Anna Nowak;15.05.2024;19,99 €;EUR;{paid}",
    ]
    text = "\r\n".join([header, *rows]) + "\r\n"
    return text.encode("cp1252") if language != "pl" else text.encode("utf-8")


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_columns_and_status_words_are_recognised(language):
    export = read_export(_sheet(language), "bestellungen.csv")
    orders = export.orders.set_index("order_id")
    assert export.platform == "generic"
    assert orders["status"].to_dict() == {"1001": "paid", "1002": "cancelled", "1003": "refunded",
                                          "1004": "pending", "1005": "paid"}
    assert orders.loc["1002", "total"] == 1234.5
    paid = orders[orders["status"] == "paid"]
    assert paid["total"].sum() == pytest.approx(28.95 + 19.99)
    assert orders["customer_id"].nunique() == 3
    assert (orders["currency"] == "EUR").all()


def test_semicolon_cp1252_german_file_with_euro_amounts_is_read_without_a_question():
    data = _sheet("de")
    assert b"\x80" in data and b"\xfc" in data  # the euro sign and ü as Windows-1252 writes them
    orders = read_export(data, "Bestellungen.csv").orders.set_index("order_id")
    assert orders.loc["1001", "total"] == 28.95
    assert orders.loc["1001", "customer_id"] == "Jürgen Müller"
    assert orders.loc["1003", "ordered_at"] == pd.Timestamp("2024-05-13", tz="UTC")  # 13.05. proves day-first


def test_german_line_item_sheet_with_product_quantity_and_price():
    text = ("Bestellnummer;E-Mail;Bestelldatum;Artikel;Menge;Einzelpreis\n"
            "A1;ann@example.com;02.03.2024;Seife;2;4,50\nA1;ann@example.com;02.03.2024;Schale;1;12,00\n")
    export = read_export(text.encode("cp1252"), "auftraege.csv")
    assert export.orders["total"].tolist() == [21.0]
    assert export.items["product"].tolist() == ["Seife", "Schale"]


# Headers of German and French order exports as public shop code writes them (an OXID voucher
# export, a Rakuten order export, a sales-rep order export in German and French).
PUBLIC_HEADERS = [
    ("Gutschein-Code;Bestellnummer;Bestelldatum;Firma;Vorname;Nachname;Email;Straße;Hausnummer;PLZ;Ort;"
     "Artikelsumme (nicht rabattiert);Bestellsumme;Gutscheinwert", "Bestellsumme"),
    ("Bestellnummer;Bestelldatum;EMail;Artikelnummer;Menge;Preis;Empfangfirma;Empfangvorname;Empfangnachname", "Preis"),
    ("Region;Filiale;Besuchsgebiet;Kundennummer;Firma;Bestellnummer;Bestelldatum;Art. Nr.;Bezeichnung;Menge;Netto;"
     "Prämie;Währung", "Netto"),
    ("Numéro de client;Entreprise;Numéro d'ordre;Date d'ordre;Numéro d'article;Désignation;Quantité;Net;Prämie;"
     "Währung", "Net"),
]


@pytest.mark.parametrize(("header", "amount_column"), PUBLIC_HEADERS)
def test_public_european_export_headers_are_read_without_a_question(header, amount_column):
    columns = header.split(";")
    values = {"Bestellnummer": "B-1", "Numéro d'ordre": "B-1", "Bestelldatum": "02.03.2024", "Date d'ordre": "02.03.2024",
              "Email": "ann@example.com", "EMail": "ann@example.com", "Kundennummer": "K7", "Numéro de client": "K7",
              "Menge": "1", "Quantité": "1", amount_column: "19,90"}
    row = ";".join(values.get(name, "x") for name in columns)
    export = read_export(f"{header}\n{row}\n".encode("cp1252"), "export.csv")
    assert export.orders["order_id"].tolist() == ["B-1"]
    assert export.orders["total"].tolist() == [19.9]
    assert export.orders["ordered_at"].tolist() == [pd.Timestamp("2024-03-02", tz="UTC")]


def test_dotted_dates_are_day_first_even_when_no_day_is_over_12():
    export = read_export(b"Bestellnummer;Kunde;Datum;Betrag\n1;Ann;02.03.2024;5,00\n2;Bo;04.05.2024;6,00\n", "b.csv")
    assert export.orders["ordered_at"].dt.month.tolist() == [3, 5]
    assert not export.notes
