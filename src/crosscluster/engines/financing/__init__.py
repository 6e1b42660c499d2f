"""Business-plan financing: costs, financing, gaps, shares per level, cash-flow and the checks
over them (pure functions over frozen dataclasses; no ORM, no clock: ``today`` is passed in).
See docs/engines/financing.md."""
