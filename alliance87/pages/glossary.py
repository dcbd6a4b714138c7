"""The Alliance's terms, each with an id other pages link to (``/glossary/#gcg``). From docs/domain.md."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    id: str
    name: str
    definition: str
    abbreviation: str = ""


TERMS = [
    Term(
        "alliance-8-7",
        _("Alliance 8.7"),
        _(
            "The global partnership for SDG Target 8.7, launched in September 2016. Its secretariat is hosted by "
            "the International Labour Organization (ILO). It brings together governments, UN agencies, workers’ "
            "and employers’ organisations, civil society, survivor-led networks, business, and academia and "
            "research."
        ),
    ),
    Term(
        "sdg-target-8-7",
        _("SDG Target 8.7"),
        _(
            "A target of the UN Sustainable Development Goals: take immediate and effective measures to eradicate "
            "forced labour, end modern slavery and human trafficking, secure the prohibition and elimination of "
            "the worst forms of child labour (including recruitment and use of child soldiers), and by 2025 end "
            "child labour in all its forms."
        ),
    ),
    Term(
        "gcg",
        _("Global Coordinating Group"),
        _(
            "The Alliance’s steering committee. It creates Action Groups and Working Groups, reviews candidate "
            "roadmaps, grants Pathfinder status and monitors roadmaps through its SDG Target 8.7 Monitoring "
            "Working Group. Since December 2022 it has five seats for Pathfinder Countries (one per region) and "
            "five for development-partner governments. Its Chair and Vice-Chair serve three-year terms."
        ),
        "GCG",
    ),
    Term(
        "action-group",
        _("Action Group"),
        _(
            "A group of partners working together on one subject, created by the Global Coordinating Group. "
            "The current Action Groups are on Agriculture (led by FAO), Supply Chains (led by the ILO) and "
            "Migration (led by IOM)."
        ),
    ),
    Term(
        "pathfinder-country",
        _("Pathfinder Country"),
        _(
            "A country that commits to Target 8.7: to improve its laws, national "
            "action plans or policies; to turn public commitments into concrete action, especially the key steps "
            "of the Durban Call to Action; and to ratify, or work towards ratifying, the applicable international "
            "standards. Pathfinder Countries were launched in 2018. The Global Coordinating Group grants the "
            "status once a strategic planning workshop has produced a viable roadmap."
        ),
    ),
    Term(
        "pathway",
        _("Pathway"),
        _(
            "The steps a country takes to become a Pathfinder: identify the stakeholders and coordination "
            "mechanisms; map where the country stands on SDG 8.7; hold at least one strategic planning workshop "
            "that produces a roadmap; then implement, monitor and report annually."
        ),
    ),
    Term(
        "roadmap",
        _("Roadmap"),
        _(
            "A Pathfinder Country’s plan for Target 8.7: its priorities, key actions, responsibilities, timelines, "
            "budgets and the indicators that will measure progress."
        ),
    ),
    Term(
        "annual-report",
        _("Annual progress report"),
        _(
            "What a Pathfinder Country with a roadmap reports each year: indicators it chooses, answers to "
            "questions on its roadmap’s priorities, and the status of its key actions."
        ),
    ),
    Term(
        "accountability-framework",
        _("Pathfinder Country Accountability Framework"),
        _(
            "Adopted in 2022, it sets clear criteria and expectations for Pathfinder Countries. On this platform "
            "its criteria are kept by the secretariat, and each country’s published assessment shows how it "
            "meets them."
        ),
    ),
    Term(
        "durban-call-to-action",
        _("Durban Call to Action"),
        _(
            "The outcome of the 5th Global Conference, Durban, May 2022, with "
            "six areas of commitment: decent work for adults and youth; ending child labour in agriculture; "
            "preventing and ending child labour, forced labour, modern slavery and trafficking and protecting "
            "survivors; education; social protection; and financing and international cooperation."
        ),
    ),
    Term(
        "monitoring-working-group",
        _("SDG Target 8.7 Monitoring Working Group"),
        _("The working group through which the Global Coordinating Group monitors the roadmaps."),
    ),
    Term(
        "ilo",
        _("International Labour Organization"),
        _(
            "It hosts the Alliance’s secretariat. In French: OIT (Organisation internationale du Travail) or BIT "
            "(Bureau international du Travail); in Spanish: OIT (Organización Internacional del Trabajo)."
        ),
        "ILO",
    ),
]

# The ids, for tests and for other pages' links.
TERM_IDS = [term.id for term in TERMS]
