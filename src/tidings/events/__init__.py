"""Events: who did what to whom, when, coded in CAMEO and PLOVER, with the sentence as evidence."""
