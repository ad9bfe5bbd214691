def bank_to_json(*a): pass
def bank_to_gift(*a): pass
def bank_to_apkg(*a): pass
