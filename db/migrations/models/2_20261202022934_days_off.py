from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "days_off" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "date" DATE NOT NULL,
    "cafe_id" INT NOT NULL REFERENCES "cafes" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_days_off_cafe_id_162fc1" UNIQUE ("cafe_id", "date")
);
COMMENT ON TABLE "days_off" IS 'A date a cafe does not deliver (a holiday, a closure), whatever its deadlines say:';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "days_off";"""


MODELS_STATE = (
    "eJztXW1zmzoW/isavmw6k5tJnDTJenZ2hji09Y1jZ2y323tv7lAZZJs1CBdEUk+3/30lXm"
    "xebfArJvqUWOgIeI44PHp0JH4Khqki3T5rwCES6uCngKHB/omUnwIBTqeLUlZA4EB3Kyq0"
    "hlsCBzaxoEJo4RDqNqJFKrIVS5sSzcS0FDu6zgpNhVbU8GhR5GDtu4NkYo4QGSOLHvjrb1"
    "qsYRX9oI37P6cTeaghXY1cp6ayc7vlMplN3bImJh/ciuxsA1kxdcfAi8rTGRmbeF5bw4SV"
    "jhBGFiSINU8sh10+uzr/NoM78q50UcW7xJCNiobQ0UnodgfyokyQ5XanL/ekviwLBQBSTM"
    "zApZdqu3c/YpfwW+3i6ubq9vL66pZWcS9zXnLzyzv1AhjP0IWn3Rd+ucchgV4NF+MFqIqF"
    "GBIyJElw7+kRohkoHeGoZQxp1Tc9C/6J4x6gvAz4oGCB/KK37QN6eoNqB+sz3+VLcO43H6"
    "VeX3x8YqczbPu77uIn9iV2pOaWzmKlJ9fvWLlJHyTv8Zo3Av7T7H8C7Cf4s9OWXHhNm4ws"
    "94yLev0/BXZN0CGmjM1XGaqh3hmUBqjRmguvO1N1Ta9HLbnXy+L1AKOQ2/2rX3h9gmZJdz"
    "fG0Ep3tV895mOK1TpePWwQNeAPWUd4RMb05/XVEp9+EbuNT2L35Poq5qe2f6TmHvoVAdb9"
    "WwDZoP52oD30AxMBt/b+fQ50aa1MeN1jUXw1W6ZsQ3tJAfnONHUEcQYJCNvFwB5Qw12hHf"
    "TtHaC9BNy7TqcViUR3zX4M5M+Pd1L35MLFnlbSCAqzhAXgZCQrY0jkNMp1p40yWVfUbjX7"
    "SgHcx64kgcNjX/+s1S4vb2rnl9e3769ubt7fns9pWPLQMj521/zIwI44JRV9x0ZW0agSM1"
    "sruMTRL1Vs2UHgNok21BTIrsuWEWYopHX5ZUEmsw0ecPIHHF3Dk7X4aMRwC3S0ZA/A8bLP"
    "5KBDh3jkwFGhmBa22R9bEixH2EtEu80R0G4z49ktC2dMLhlOQmN7VjCAyuQVWqocORJ93G"
    "QLUURsYqfEO9/8w0MX6W5gS8E/JBu1aHNdr7UjJLC/gk4XlAopYyfFNAbmplCxNqoKkApn"
    "tmwOh5tBdA9nHa+NSmKEoEofPbRhP7r3m6kqTBFGtR2o2qEmqwqbgbAjU4ZlbIjZI22nSZ"
    "upKk6mpSJrQ4w6rI0qAcRYg1kzs3hE8pBRM+IlEFOmpvrnZmfKoAgZk08xFrF8HkpOUJid"
    "Tkr9FBb3SpknJI57ztAcCDNAP6aUL9tu2PLb8O/TP1HQiwS3Mr1c94fbO0PtR1UU/2ybtM"
    "+n1PiUWinCz5FOrvAptbfo9TxTagcUykvnZa6VV1ord/sr0YheCOioVfVw3sl854JgJmGW"
    "sGO4UDfpVUGsoATkC+s9KqZThFWGWjHQhSepfd9sf6wD3/4Zi09P3c4X6b4O6ADAMl+Q+o"
    "y70u9So8/KLPRfpBBvfqWoqy6uc3jqIv4yWTiKHYr6iV6fQvn4Wm/9uC2fuyjPaz7J7twh"
    "Z6HRUsiiSq/3DUdNac/OYFYM2RTLrWQaVAxgXxtZA+AUSw6wB3Biti0aIpIgfzAtpI3wA5"
    "olXtrZ82lHGB6yhEVabMHXufQUDov03ukdIy8loCH2GuK9JGR24S1A+9nOpdmWrNvmRTbl"
    "qY0gTK8DtD+3WkJmGOYQr4A45c2TAXH2JPxOhXZ3gjlNXg9mnpeI6vMJ7u0K6X/NAyPLJ/"
    "6bL/bgynQZ319HqlFyZfoter3siz0O7VW+3OOo5U+FojEyLS0tT+r3XqedJbiEreLBSlMI"
    "+B/Qtd1lKAr/GjpYYXCCgaPpRMP2GTvfvwtqotvQ1xhKkTgV4H3yKH6Nu6LR6tzFAxBr4C"
    "6h2GhKSr+/R4pmQD1Lq9FShwuqZ3TmGx/hc7AE/Xup0XwUWycXtdNaLPM9cMPVedoapxeo"
    "ebebAHnlMqewKV94kH/hARd2uSxWAmVhpSyWJ6ufJzbuObHRz1ZPEVwWeezZiks4Y36l5i"
    "KIgI2zAASsqwDVRDbAJgG0Ve0FWeAEgrGpa7TNU1ZHN23HQu9OweuYWrEKGrHBPP8c2HBW"
    "j8+h7uAUzxibwOuWAFoIEDhBGAxNVhdArNL25xZgqFHy4R88E05XqEnsUrmcxOWkcoajIx"
    "UWuJz0Fr2eR05yw22qv9N9HdRf5uUj9PCyUR/1Eh9c8MHF4TnvFgcXO2XPwTLGNP4cWuK4"
    "hEGH11OuptAdj4gyhgkDVjvzOO+9y2cp9yXgm24qUJdZlPoGTEwP/Qa+QfWFdSGZcfZvZw"
    "nmvNWWl9LeV4QmtCpnvgdlvoEXEsj2DKjrmfCGzKoU3S9rN9dzhNmPZeD2HsVWK2UDEPfR"
    "MDTskDTZfzmuCWOObhTdcJApCm7cdn/YnpcfWM7wOMPjDG8Vw4vsvrCE7cV3aVjN/OTEXh"
    "E5aKBDBuYPYJmvrgSpqciYmgRhZQZGDr1noGHKzlCdUrkTBuypS+TeAc2VQ+nZkMrYnEEH"
    "2LSeglLo4C7OUFwNzVi0Psduw1XrnHJysbUUUfJIZTcutr5Fr3OxdUdia/i1VvBZiZlW8G"
    "E53ocjGRPf8urop893rWbvE1sKPXUGumaP2froXlDPDurRkr77k9D/H5pPT8zCnmjTKav/"
    "QWy2WMEQanpZ1lKzi5NpSLc96p83tzZmVr0NBi5rOZC+rGUizQ5FkfbyMSiGDk6JlJlEPW"
    "5WGR1oaytuiUmgLkMjHdilebJx08Oky+4K6G3nypZoe/pDx4qDbLpjINuGI6Y4FcrQj5nx"
    "FP0I49pGij4kBBnTtC2ds+X9kAkP6YlpKWgTGVmWaSUh7aMfWfNREasqcJJl4wfpa395R5"
    "4PH1qd9segerx3x9aaBOR2nZ11YrZ8Z51Sj+boGGUNJ4fMuH/L7F+oKGi6noQZM+V+Pgo/"
    "D2YyGRVl5mnWnJ+vy8/DaBZdrJxmWwUGs4d1y1CZyFBH1rrRLm7NA16ZAx5P/eGpPzz1Jy"
    "v1Z/4RkZR0n/AHRrJTfKKfM9nnplSRvJkQvv4OEzOeNVOqEHIKeNbM28mf4Fkzb9HrebJm"
    "+I5XfMerIx05zplFKsark1rC9mXGXOh1Pj/VgW0602fcE1siy0qBOlSf8aPYbNeBQVF/xh"
    "/FbrvZ+1QHI2hhzR4/4/tus/1QByp11IT+kno9qdunv9lurBZ5xnfig9T9ow4GcIKs2TOW"
    "vva7Yh14vGsNL+/iWwFHt3vWsaQD8K2z+NZZXABJgsoFkGJbZ8nu62IbG2hJwXunIpgn8w"
    "e38aFZF6qqfWl2l6KatzlbiqI237UtW05bbA63vw+lhh7NYAnCFr5mGvtaKvuOW/gkXJwr"
    "0+vtlItzb0im4eLcW/R6HnGOL2lbY0kbNlM3Q8lOPJ0bVCFjY985p0e/fONA/XYdyeYI1/"
    "BRxqy9BNeSW/AUG/3mF6kOPOtn3BDbDanlrr5T2L3ppVmAx+WcbS8ecD+pVRDSkAnHNAXT"
    "0GgvJ6QhC47oatHR8b/gt6HomPNDgGUDN6/oGOpUEdGxS3lyt9noC4nQyoXcdYXcDEyDTx"
    "puCmrQTlVRDb1RMmDNI5BzaTwD7+hMJBfFDyOKS76Gm66Mz/vcCnk8NAG07XxTM1Do52mt"
    "fAvfg4rP3x2IiUYK7+EbtqsSn9zGbqj0loi8TqJL1JCrJyvUk3kMKTYSiptVqftubYDpz2"
    "4XwTVswjFdPcScvws3pO5V+1ZZnLqH+1V6aktqUNgCsuEVOhUFNx4MC4+Nds5ps5ZPRUYI"
    "qxht/gVUQgcjoGr2GChj0/Y/02bSsiC5GJhDQAmt9z23f9jAHVmmbH68djOcOJcleC8jzp"
    "x8cPJRdkw5+eDko8zglpp8uFM3KbwjmNLJphxsVmT3Kab8dc+TNEvxtB9puh5P0nyLXs+T"
    "pFl8366N9uoqZSDd81ZdfGX1bldWM0pSFOOwTRUSaXe9O4AO8cihXLIIxmGbPSZxWo6wF5"
    "Bvc2B8mwnxbRxhy0xb2ZwvWTaw3SPKyJjq5gwVTpaVHp9anT8kqQ6CFti+AG3xo9RlWwOw"
    "8Yr1jMX7R7ZVAFQNDcfVx8OkzrJV5PPs4NjLc9Xq87kdX3q+fOl5QtPJk7Y0tUyF7RGhyr"
    "qGJ7KFKEh22v7oRVJ0WB5eizbX9Vo7vhdCrlwmDtg666K3kf11hEzuIJlfIrI0ZSykSFX+"
    "kdNlYhVc1OFq1d6o6I7Vqhf6BGrFviAVMuGDqpwbHdOHqgDCfvUKontxfp6HS56fZ5PJ80"
    "R2Fz0jQWlLELO/rBMy2f9XdQ6TOLe17+cU4JXbf5n9+j8ywOjS"
)
