"""What serves only `briefkit new` and `briefkit accept`: drafting a briefing from a plain article
(article.py, names.py, name_types.py, event_dates.py, figures.py, with the word lists of
gazetteer.py and the places of places.py) and moving a draft's candidates into the registry
(accept.py). The pipeline (load -> validate -> link -> render -> write) never imports it.
"""
