"""Extract stages. Each module exposes one function taking a ``pipeline.DocState``
and returning typed records from ``corroborator.records``:

========================  =============================================================
``dates.extract``         -> list[DateMention]   dates resolved against publication date
``quantities.extract``    -> list[Quantity]      numbers with unit, qualifier, counted noun
``attribution.extract``   -> (dict[sentence_index, Attribution], dict[index, list[Hedge]])
``events.extract``        -> list[Event]         PLOVER / ACLED coded events
``framing.extract``       -> Framing             scare quotes, loaded terms, labels
``claims.classify``       -> (list[Sentence], genre, genre_signals)
``checks.run``            -> list[Check]         internal consistency
``coups.assess``          -> list[CoupAssessment]
========================  =============================================================
"""
