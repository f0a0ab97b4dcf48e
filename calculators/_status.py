"""An amount for the filing status, from a table with one per status (federal and state figures alike)."""


def by_status(table, status):
    """The table's amount for the filing status.

    Each status is spelled out rather than read as table[status]: the compiler then knows the key is
    there (no checked lookup and its KeyError text on the page), and the page ships only these names.
    """
    if status == "married_filing_jointly":
        return table["married_filing_jointly"]
    if status == "married_filing_separately":
        return table["married_filing_separately"]
    if status == "head_of_household":
        return table["head_of_household"]
    return table["single"]
