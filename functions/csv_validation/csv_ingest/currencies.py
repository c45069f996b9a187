"""ISO 4217 alpha-3 codes in current use (List One), as a static set.

Taken from Debian's iso-codes 4.15.0 (``iso_4217.json``) and brought up to
date with the amendments since: HRK (euro, 2023), SLL (SLE, 2024), ZWL (ZWG,
2024), ANG (XCG, 2025) and BGN (euro, 2026) withdrawn; ZWG and XCG added.
XTS ("for testing") and XXX ("no currency") are in List One but are never
the currency of a card transaction, so they are refused.
"""

from typing import FrozenSet

_CODES = " ".join(
    (
        "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND",
        "BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY",
        "COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD",
        "FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR",
        "IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK",
        "LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK",
        "MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR",
        "PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS",
        "SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH",
        "UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA",
        "XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XUA YER ZAR ZMW ZWG",
    )
)

CURRENCIES_IN_USE: FrozenSet[str] = frozenset(_CODES.split())
