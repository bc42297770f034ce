"""Check digits of Russian registration numbers (INN, OGRN), as the tax service computes them."""

INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
INN11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
INN12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _digit(digits, weights):
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_valid(inn):
    """A 10-digit (organisation) or 12-digit (person) INN whose check digits are right."""
    if not inn.isdigit():
        return False
    if len(inn) == 10:
        return _digit(inn, INN10) == int(inn[9])
    if len(inn) == 12:
        return _digit(inn, INN11) == int(inn[10]) and _digit(inn, INN12) == int(inn[11])
    return False


def ogrn_valid(ogrn):
    """A 13-digit OGRN (organisation) or 15-digit OGRNIP whose check digit is right."""
    if not ogrn.isdigit() or len(ogrn) not in (13, 15):
        return False
    modulo = 11 if len(ogrn) == 13 else 13
    return int(ogrn[:-1]) % modulo % 10 == int(ogrn[-1])
