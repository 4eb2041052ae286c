"""The Canadian demo merchant for ``--seed demo-ca``: a café-and-market in Montréal.

The same shop as the New York demo (the same menu, modifiers, prices in cents and how
often each sells), but in Canadian dollars, with Quebec's two sales taxes on every
taxable line (GST 5 % and QST 9.975 %, as "TPS" and "TVQ"), and in French: item,
category, modifier, discount, order-type and plan names, staff and customers, notes and
addresses. It exists so the French-Canadian side of Clover Desk can be practised end to
end. Montréal keeps Eastern time like New York, so the shop's hours need no change.
"""

from __future__ import annotations

from dataclasses import replace

from .seed import (
    _CATEGORIES,
    _DISCOUNTS,
    _MENU,
    _MODIFIER_GROUPS,
    _ORDER_TYPES,
    _PLANS,
    Flavour,
)

__all__ = ["MONTREAL_CAFE", "MONTREAL_MERCHANT_NAME"]

MONTREAL_MERCHANT_NAME = "Café-Marché Démo Clover Desk"

_MENU_NAMES = {
    "Drip Coffee": "Café filtre",
    "Americano": "Americano",
    "Latte": "Café au lait",
    "Cappuccino": "Cappuccino",
    "Flat White": "Flat white",
    "Mocha": "Moka",
    "Cortado": "Cortado",
    "Espresso": "Espresso",
    "Cold Brew": "Infusion à froid",
    "Iced Latte": "Latte glacé",
    "Chai Latte": "Chai latte",
    "Matcha Latte": "Latte matcha",
    "Hot Chocolate": "Chocolat chaud",
    "Earl Grey Tea": "Thé Earl Grey",
    "Jasmine Green Tea": "Thé vert au jasmin",
    "Butter Croissant": "Croissant au beurre",
    "Almond Croissant": "Croissant aux amandes",
    "Pain au Chocolat": "Chocolatine",
    "Blueberry Muffin": "Muffin aux bleuets",
    "Banana Bread": "Pain aux bananes",
    "Cinnamon Roll": "Brioche à la cannelle",
    "Chocolate Chip Cookie": "Biscuit aux pépites de chocolat",
    "Everything Bagel": "Bagel tout garni",
    "Cheddar Scone": "Scone au cheddar",
    "Turkey & Swiss Sandwich": "Sandwich dinde et suisse",
    "Caprese Panini": "Panini caprese",
    "Egg & Cheese on a Roll": "Pain aux œufs et fromage",
    "Avocado Toast": "Rôtie à l'avocat",
    "Chicken Caesar Wrap": "Wrap poulet César",
    "Breakfast Burrito": "Burrito déjeuner",
    "Tomato Soup": "Soupe aux tomates",
    "Yogurt Parfait": "Parfait au yogourt",
    "Ceramic Mug": "Tasse en céramique",
    "Travel Tumbler": "Gobelet de voyage",
    "Reusable Cup": "Tasse réutilisable",
    "Canvas Tote Bag": "Sac fourre-tout en toile",
    "Pour-Over Dripper": "Filtre à café manuel",
    "Paper Filters (100)": "Filtres en papier (100)",
    "French Press": "Cafetière à piston",
    "Sparkling Water": "Eau pétillante",
    "House Blend Beans": "Grains mélange maison",
    "Ethiopia Yirgacheffe Beans": "Grains Éthiopie Yirgacheffe",
    "Colombia Huila Beans": "Grains Colombie Huila",
    "Decaf Swiss Water Beans": "Grains décaféinés Swiss Water",
    "Espresso Roast Beans": "Grains torréfaction espresso",
}

_CATEGORY_NAMES = {
    "coffee": "Cafés et espressos",
    "tea": "Thés",
    "bakery": "Boulangerie",
    "kitchen": "Cuisine",
    "retail": "Boutique",
    "beans": "Grains de café",
}

_GROUP_NAMES = {
    "size": ("Format", ("Petit", "Moyen", "Grand")),
    "milk": (
        "Choix de lait",
        ("Lait entier", "Lait écrémé", "Boisson d'avoine", "Boisson d'amande", "Boisson de soya"),
    ),
    "shots": ("Espresso supplémentaire", ("Un espresso de plus", "Deux espressos de plus")),
    "syrups": ("Sirops", ("Vanille", "Caramel", "Noisette", "Vanille sans sucre")),
    "spreads": ("Tartinades", ("Beurre", "Fromage à la crème", "Avocat")),
    "addons": ("Extras", ("Bacon", "Fromage en extra", "Pain sans gluten")),
}

_DISCOUNT_NAMES = {
    "loyalty": "Récompense fidélité",
    "coupon": "Coupon de 2 $",
    "staff": "Rabais employé",
    "happy": "5 à 7",
    "senior": "Rabais aîné",
}

_ORDER_TYPE_LABELS = {"dine_in": "Sur place", "take_out": "À emporter", "delivery": "Livraison"}

_PLAN_TEXT = {
    "Coffee Club Monthly": ("Club café mensuel", "Café filtre à volonté"),
    "Weekly Beans": ("Grains chaque semaine", "Une livre au choix du torréfacteur"),
    "Bi-weekly Beans": ("Grains aux deux semaines", "Une livre toutes les deux semaines"),
    "Quarterly Tasting Box": ("Boîte dégustation trimestrielle", "Trois sacs d'origine unique"),
    "Annual Mug Club": ("Club de la tasse annuel", "Une tasse de saison et 10 % de rabais"),
    "Holiday Cookie Box": ("Boîte de biscuits des Fêtes", "Retirée après les Fêtes"),
}

_FIRST_NAMES = (
    "Léa", "William", "Emma", "Liam", "Olivia", "Thomas", "Alice", "Noah", "Florence",
    "Jacob", "Charlotte", "Félix", "Rosalie", "Nathan", "Juliette", "Samuel", "Béatrice",
    "Logan", "Zoé", "Raphaël", "Camille", "Édouard", "Chloé", "Gabriel", "Maëlle",
    "Antoine", "Clara", "Émile", "Laurence", "Olivier", "Mégane", "Xavier", "Sarah",
    "Mathis", "Jade", "Louis", "Élodie", "Benjamin", "Anaïs", "Alexis", "Catherine",
    "Étienne", "Marianne", "Hugo", "Geneviève", "Vincent", "Noémie", "Jérémie", "Amélie",
    "Simon", "Julie", "Maxime", "Annie", "Philippe", "Isabelle", "Marc-André", "Sophie",
    "François", "Valérie", "Jean-Philippe", "Nadia", "Karim", "Yasmine", "Mamadou",
    "Thi Lan", "Wei", "Dimitri", "Lucía",
)  # fmt: skip

_LAST_NAMES = (
    "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie",
    "Fortin", "Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron",
    "Leblanc", "Paquette", "Girard", "Simard", "Boucher", "Caron", "Beaulieu", "Cloutier",
    "Dubé", "Poirier", "Fournier", "Lapointe", "Leclerc", "Lefebvre", "Poulin", "Thibault",
    "St-Pierre", "Nadeau", "Martin", "Landry", "Martel", "Bédard", "Grenier", "Lessard",
    "Bernier", "Richard", "Michaud", "Hébert", "Desjardins", "Couture", "Turcotte",
    "Lachance", "Parent", "Blais", "Gosselin", "Savard", "Proulx", "Beaudoin", "Demers",
    "Nguyen", "Haddad", "Diallo", "Kowalski", "Rossi", "O'Neill",
)  # fmt: skip

_STREETS = (
    "rue Saint-Denis", "boulevard Saint-Laurent", "avenue du Mont-Royal Est",
    "rue Sainte-Catherine Ouest", "rue Rachel Est", "avenue Laurier Ouest",
    "rue Saint-Viateur Ouest", "avenue du Parc", "rue Ontario Est", "rue Beaubien Est",
    "rue Saint-Hubert", "avenue Papineau", "rue Notre-Dame Ouest", "rue Wellington",
    "avenue Christophe-Colomb", "rue De Castelnau Est", "rue Fleury Est", "rue Jean-Talon Est",
    "avenue Duluth Est", "rue Marie-Anne Est", "rue Sherbrooke Est", "avenue Bernard Ouest",
    "rue Masson", "rue Sainte-Rose",
)  # fmt: skip

# city, province, postal codes
_PLACES = (
    ("Montréal", "QC", ("H2T 1S6", "H2J 2L1", "H2W 1Y4", "H2X 3V4", "H2L 3Y5", "H2S 2M7")),
    ("Montréal", "QC", ("H1Y 2C4", "H2G 1T2", "H2E 1P4", "H2R 2N1", "H3C 2K8")),
    ("Laval", "QC", ("H7N 3X5", "H7V 1Z4", "H7T 2K6")),
    ("Longueuil", "QC", ("J4K 1A5",)),
    ("Verdun", "QC", ("H4G 1R8", "H4H 1J4")),
)

_NOTES = (
    "Très chaud, s'il vous plaît",
    "Nom sur le gobelet : Sam",
    "Ramassage à 8 h 15",
    "Peu de glace",
    "Commande d'anniversaire",
    "Laisser à la réception",
    "Sans couvercle",
    "Sonner deux fois",
)

_CUSTOMER_NOTES = (
    "Habitué : latte à l'avoine, très chaud",
    "Préfère les reçus par courriel",
    "Demande de prix de gros pour les grains",
    "Allergique aux noix",
    "Commande de bureau tous les vendredis",
)

MONTREAL_CAFE = Flavour(
    merchant_name=MONTREAL_MERCHANT_NAME,
    currency="CAD",
    merchant_body={
        "address": {
            "address1": "4100 rue Saint-Denis",
            "city": "Montréal",
            "state": "QC",
            "zip": "H2W 2M5",
            "country": "CA",
        },
        "phone": "(514) 555-0134",
        "website": "https://cafe-demo.example.ca",
    },
    email_domain="cafe-demo.example.ca",
    employees=(
        ("Isabelle Tremblay", "OWNER"),
        ("Mathieu Gagnon", "MANAGER"),
        ("Nadia Bouchard", "MANAGER"),
        ("Félix Côté", "EMPLOYEE"),
        ("Chloé Roy", "EMPLOYEE"),
        ("Karim Haddad", "EMPLOYEE"),
        ("Émilie Gauthier", "EMPLOYEE"),
    ),
    # 100 % = 10,000,000. Both taxes are defaults: a taxable item carries the two.
    tax_rates=(
        ("gst", "TPS", 500_000, True),
        ("qst", "TVQ", 997_500, True),
        ("exempt", "Détaxé", 0, False),
    ),
    tax_groups={"sales": ("gst", "qst"), "food": ("gst", "qst"), "exempt": ("exempt",)},
    categories=tuple((key, _CATEGORY_NAMES[key]) for key, _ in _CATEGORIES),
    modifier_groups=tuple(
        (
            key,
            _GROUP_NAMES[key][0],
            min_required,
            max_allowed,
            tuple(
                (french, price)
                for french, (_, price) in zip(_GROUP_NAMES[key][1], mods, strict=True)
            ),
        )
        for key, _, min_required, max_allowed, mods in _MODIFIER_GROUPS
    ),
    menu=tuple(replace(item, name=_MENU_NAMES[item.name]) for item in _MENU),
    discounts=tuple(
        (key, _DISCOUNT_NAMES[key], amount, percentage) for key, _, amount, percentage in _DISCOUNTS
    ),
    order_types=tuple(
        (key, label_key, _ORDER_TYPE_LABELS[key], is_default, weight)
        for key, label_key, _, is_default, weight in _ORDER_TYPES
    ),
    service_charge_name="Frais de service traiteur",
    first_names=_FIRST_NAMES,
    last_names=_LAST_NAMES,
    streets=_STREETS,
    places=_PLACES,
    country="CA",
    area_codes=("514", "438", "450", "579", "263"),
    apartment="app.",
    notes=_NOTES,
    line_note="Très chaud",
    customer_notes=_CUSTOMER_NOTES,
    plans=tuple(
        (_PLAN_TEXT[name][0], amount, tip, interval, count, _PLAN_TEXT[name][1], tax, on, weight)
        for name, amount, tip, interval, count, _, tax, on, weight in _PLANS
    ),
)
