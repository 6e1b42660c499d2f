"""A multilingual glossary of the EDIH taxonomy: one English gloss and trigger terms per label.

Two uses:

* the gloss (``"Robotics: industrial robots, collaborative robots ..."``) is embedded once and
  serves as the label's zero-shot prototype for the auto-tagger;
* the trigger terms (English, German, Italian, French, Spanish, Swedish, plus acronyms) are looked
  up in a text to *quote the words that made a tag fire* — the evidence of a reason such as
  "the need (German) mentions Kameras; the provider declares Sensors & Vision Processing Systems".

Terms were written from the labels' meaning, as a domain glossary, not from any evaluation need.

Matching rules (see :func:`find_terms`): text and terms are compared case-folded and without
accents; a term of 7 or more characters matches anywhere inside a word (German compounds:
"Glasfasersensoren" contains "sensor..." only as "...sensoren", so long stems are used), a shorter
term matches at the start of a word (a prefix: "robot" matches "robots", "Roboter", "robotica"),
a term ending in ``$`` matches whole words only, a term starting with ``^`` matches only at the
start of a word whatever its length ("^formation" is not found in "transformation"), and a term written in capitals (``AI``, ``KI``,
``HPC``) matches case-sensitively as a whole word.

How: all the terms of a facet are one Aho-Corasick automaton (pyahocorasick; a second one for the
capitalised acronyms), built once per process in ~0.1 s. One pass over a folded text finds every
occurrence of every term, overlaps included, and each occurrence is kept when it obeys its term's
rule; the labels a text mentions are memoised by text, so an index rebuilt after a few profiles
changed scans only theirs. The tests check the scan against every term's regular expression.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import ahocorasick

from crosscluster.engines.matching.embedder import fold_text


@dataclass(frozen=True)
class GlossaryEntry:
    gloss: str
    terms: tuple[str, ...]


def _entry(gloss: str, terms: str) -> GlossaryEntry:
    return GlossaryEntry(gloss, tuple(term.strip() for term in terms.split("|") if term.strip()))


TECHNOLOGIES: dict[str, GlossaryEntry] = {
    "Artificial Intelligence & Decision support": _entry(
        "artificial intelligence, machine learning, deep learning, neural networks, predictive "
        "analytics, forecasting, natural language processing, chatbots and decision support systems",
        "artificial intelligence|machine learning|deep learning|neural network|predictive|predict|"
        "forecast|decision support|chatbot|natural language|virtual assistant|AI|KI|IA|ML|"
        "künstliche intelligenz|maschinelles lernen|vorhersag|prognose|entscheidungsunterstützung|"
        "sprachmodell|intelligenza artificiale|apprendimento automatico|prevision|prevedere|preved|"
        "assistente virtuale|assistenti virtuali|"
        "reti neurali|rete neurale|linguaggio naturale|supporto alle decisioni|"
        "predittiv|intelligence artificielle|apprentissage automatique|prédi|prévision|prévoir|"
        "inteligencia artificial|aprendizaje automático|predec|predicc|predictiv|previsión|prever$|"
        "artificiell intelligens|maskininlärning|förutsäg|förutse|prognostiser|beslutsstöd",
    ),
    "Internet of Things": _entry(
        "Internet of Things: connected devices and sensors, machine connectivity, telemetry, "
        "remote monitoring, smart meters, edge devices and industrial IoT platforms",
        "internet of things|IoT|IIoT|connected device|connected sensor|smart meter|telemetr|"
        "remote monitoring|edge computing|vernetzt|fernüberwachung|intelligente zähler|"
        "internet delle cose|sensori connessi|dispositivi connessi|monitoraggio a distanza|"
        "contatori intelligenti|collegati in rete|collegate in rete|collegato in rete|"
        "collegata in rete|sensori collegati|dispositivi collegati|"
        "internet des objets|objets connectés|capteurs connectés|surveillance à distance|"
        "internet de las cosas|sensores conectados|dispositivos conectados|monitorización remota|"
        "sakernas internet|uppkopplade|fjärrövervakning",
    ),
    "Cybersecurity": _entry(
        "cybersecurity: protection of networks, IT and OT systems against attacks, ransomware, "
        "security audits, penetration testing, encryption, identity and access management",
        "cybersecurity|cyber security|cyber-security|ransomware|malware|phishing|penetration test|"
        "intrusion|firewall|encryption|security audit|vulnerabilit|cyberattack|cyber attack|"
        "informationssicherheit|cybersicherheit|verschlüsselung|hackerangriff|sicurezza informatica|"
        "cybersicurezza|crittografia|virus informatic|attacchi informatici|test di penetrazione|audit di sicurezza|"
        "cybersécurité|sécurité informatique|"
        "rançongiciel|chiffrement|cyberattaque|ciberseguridad|seguridad informática|cifrado|"
        "ciberataque|cybersäkerhet|it-säkerhet|informationssäkerhet|kryptering|dataintrång",
    ),
    "Big data": _entry(
        "big data: collecting, storing and analysing large volumes of data, data analytics, data "
        "platforms, data lakes and data science",
        "big data|data analytic|data analysis|data science|data lake|data platform|"
        "large volumes of data|datenanalyse|datenplattform|analisi dei dati|grandi volumi di dati|"
        "scienza dei dati|piattaforme di dati|piattaforma di dati|"
        "grandi quantità di dati|analyse des données|données massives|análisis de datos|"
        "datos masivos|dataanalys|stora datamängder",
    ),
    "Digital twins": _entry(
        "digital twins: virtual replicas of products, machines, production lines or buildings "
        "kept in sync with real data for simulation and monitoring",
        "digital twin|virtual replica|virtual model|virtual copy|digitaler zwilling|"
        "digitale zwilling|virtuelles abbild|virtuelles modell|gemello digitale|gemelli digitali|"
        "replica virtuale|repliche virtuali|modelli virtuali|copia virtuale|copie virtuali|"
        "modello virtuale|modello digitale|modelli digitali|jumeau numérique|réplique virtuelle|modèle virtuel|gemelo digital|"
        "réplica virtual|modelo virtual|digital tvilling|digitala tvillingar|virtuell kopia|"
        "virtuell modell",
    ),
    "Robotics": _entry(
        "robotics: industrial robots, collaborative robots (cobots), autonomous mobile robots, "
        "drones, robotic picking, handling, welding and assembly automation",
        "robot|cobot|autonomous mobile|drone|drohne|droni|drönare|roboter|manipulator|"
        "pick and place|teleoperat|automatización|automazione|automatisier|manipolator|guida automatica",
    ),
    "High performance computing": _entry(
        "high performance computing: supercomputers, computing clusters, parallel computing, GPU "
        "acceleration and large-scale numerical simulation",
        "high performance computing|high-performance computing|supercomput|HPC|parallel comput|"
        "paralleli|GPU|computing cluster|computing power|hochleistungsrechn|rechenzentrum|"
        "calcolo ad alte prestazioni|supercalcolo|cluster di calcolo|calcolo parallelo|"
        "supercalculateur|calcul haute performance|"
        "calcul intensif|superordenador|supercomputador|computación de alto rendimiento|"
        "superdator|högpresterande beräkning|parallellisera|potenza di calcolo|schede grafiche|"
        "scheda grafica",
    ),
    "Virtual Reality": _entry(
        "virtual reality and augmented reality: immersive headsets, VR training, AR overlays, "
        "360-degree content and extended reality (XR)",
        "virtual reality|augmented reality|mixed reality|extended reality|immersive|immersiv|"
        "headset|VR|AR|XR|360-degree|virtual-reality|augmented-reality|realtà virtuale|"
        "realtà aumentata|visori|visore|réalité virtuelle|réalité augmentée|casque|realidad virtual|"
        "realidad aumentada|gafas de realidad|virtuell verklighet|förstärkt verklighet|"
        "vr-glasögon|360 gradi|360 degrés|360 grados|360-grad",
    ),
    "Sensors & Vision Processing Systems": _entry(
        "sensors and vision processing systems: cameras, machine vision, image processing and "
        "analysis, optical inspection, measuring sensors, radar and lidar",
        "sensor|camera|kamera|caméra|cámara|telecamer|machine vision|computer vision|"
        "image processing|image analysis|images|photograph|inspection|bildverarbeitung|"
        "bildanalyse|bilder|fotos|inspektion|visione artificiale|immagini|fotografi|ispezione|"
        "vision industrielle|vision par ordinateur|traitement d'image|photographi|"
        "visión artificial|imágenes|fotografías|inspección|bildbehandling|bildanalys|"
        "fotografier|inspektion|radar|lidar|sonde|sonda|capteur|sensores|givare|controllo ottico|"
        "controlli ottici",
    ),
    "Simulation engineering and modelling": _entry(
        "simulation engineering and modelling: numerical simulation, computer-aided engineering, "
        "finite elements, computational fluid dynamics, process and system modelling",
        "simulat|modelling|modeling|computational fluid|finite element|CFD|FEM|CAE|"
        "simulier|modellier|strömungs|simulazion|simulare|modellazion|modellare|fluidodinamic|"
        "elementi finiti|"
        "modélis|mécanique des fluides|éléments finis|simulación|modelado|modelar|"
        "dinámica de fluidos|simuler|modellera|strömningssimul",
    ),
    "Additive manufacturing": _entry(
        "additive manufacturing: 3D printing of metal and polymer parts, rapid prototyping, "
        "selective laser melting and powder-bed fusion",
        "additive manufactur|3d print|3d-print|3d-druck|3d druck|additive fertigung|"
        "generative fertigung|stampa 3d|stampare in 3d|manifattura additiva|fabbricazione additiva|"
        "prototipazione rapida|"
        "impression 3d|imprimer en 3d|fabrication additive|impresión 3d|imprimir en 3d|"
        "fabricación aditiva|3d-skriv|3d-utskrift|additiv tillverkning|rapid prototyping",
    ),
    "Cloud Services": _entry(
        "cloud services: hosted software (SaaS), cloud platforms and infrastructure, migration "
        "of on-premise systems to the cloud",
        "cloud|SaaS|software as a service|hosted|hosting|rechenzentrum|nuvola|nube|moln|"
        "in the cloud|in der cloud|hébergé|alojad|webbtjänst",
    ),
    "Cyber-physical systems": _entry(
        "cyber-physical systems: embedded control systems coupling computation with physical "
        "processes, self-adjusting machines, smart manufacturing control loops, PLCs",
        "cyber-physical|cyber physical|cyberphysi|cyber-physi|embedded system|eingebettete|"
        "ciberfisic|sistemi embedded|centralin|systèmes embarqués|sistemas embebidos|inbyggda system|PLC|SPS|"
        "control loop|regelkreis|anelli di controllo|anello di controllo|real time|echtzeit|tempo reale|temps réel|tiempo real|"
        "realtid",
    ),
    "Internet Services & Applications": _entry(
        "internet services and applications: web and mobile apps, online platforms, e-commerce, "
        "web portals and digital services for customers",
        "mobile app|web app|app$|apps$|application mobile|applicazione|aplicación|mobilapp|"
        "webshop|web shop|e-commerce|online shop|online platform|web portal|website|"
        "negozio online|commercio elettronico|portali web|portale web|sito web|siti web|"
        "sito internet|sul sito|portale$|portali$|boutique en ligne|tienda online|webbutik|plattform|piattaforma|"
        "plateforme|plataforma|platform|webbtjänst|online",
    ),
    "Communication network": _entry(
        "communication networks: 5G and mobile networks, wireless and wired connectivity, "
        "industrial networks, satellite links and fibre optic networks",
        "5G|4G|LTE|network|connectivity|wireless|netzwerk|netz$|netzes$|konnektivität|drahtlos|"
        "rete$|reti$|connettività|wireless|réseau|connectivité|sans fil|redes$|conectividad|"
        "inalámbric|nätverk|nätet$|nät$|uppkoppling|trådlös|satellite link|collegamenti satellitari",
    ),
    "Blockchain and Distributed Ledger Technology (DLT)": _entry(
        "blockchain and distributed ledger technology: tamper-proof shared registers, smart "
        "contracts, tokens and traceability records",
        "blockchain|distributed ledger|ledger|smart contract|DLT|token|tamper-proof|"
        "kedja av block|cadena de bloques|chaîne de blocs|registro distribuito|registri distribuiti|"
        "registro non manipolabil|a prova di manomissione|contratti intelligenti",
    ),
    "Human computer interaction": _entry(
        "human-computer interaction: user interfaces, usability, voice and touch interfaces, "
        "accessibility, user experience design and assistive technologies",
        "user interface|usability|user experience|UX|UI|human-computer|human computer|"
        "voice interface|voice control|touch|accessib|benutzeroberfläche|bedienoberfläche|"
        "sprachsteuerung|benutzerfreundlich|interfacc|usabilità|comando vocale|esperienza utente|"
        "tattil|interface|"
        "ergonomi|commande vocale|interfaz|por voz|usabilidad|gränssnitt|användarvänlig|"
        "röststyr|röstgränssnitt",
    ),
    "Mobility": _entry(
        "mobility: transport of people, public transport, shared mobility, electric vehicles, "
        "parking and mobility-as-a-service platforms",
        "mobility|mobilität|mobilità|trasporto pubblico|mobilité|movilidad|mobilitet|public transport|bus$|buses|"
        "busse|autobus|parking|parkpl|parkhaus|parcheggi|stationnement|aparcamiento|parkering|"
        "car sharing|bike sharing|shared bike|electric vehicle|e-mobil|elektrofahrzeug|"
        "veicoli elettrici|véhicules électriques|vehículos eléctricos|elbilar|leihfahrr|"
        "bici condivise|biciclette condivise|monopattin|vélos partagés|bicicletas compartidas|lånecyk",
    ),
    "Software Architectures": _entry(
        "software architectures: system design, microservices, APIs and integration, enterprise "
        "software such as ERP, modernisation of legacy software",
        "software architect|architecture|architektur|architettura|arquitectura|arkitektur|API|"
        "APIs|microservice|ERP|integration|schnittstelle|legacy|affärssystem|microservizi|"
        "integrazione",
    ),
    "Logistics": _entry(
        "logistics: warehousing, route planning, fleet management, supply chain, order picking "
        "and delivery optimisation",
        "logistic|logistik|logistica|logistique|logística|warehouse|route|routing|fleet|delivery|"
        "deliveries|supply chain|order picking|lager$|lagerverwaltung|kommissionier|touren|"
        "lieferkette|liefer|magazzin|consegn|catena di approvvigionamento|filiera|filiere|flotta|"
        "flotte|"
        "prelievo degli ordini|entrepôt|livraison|"
        "tournées|chaîne d'approvisionnement|almacén|entrega|reparto|rutas|cadena de suministro|"
        "lagerhantering|leverans|rutter|orderplock|försörjningskedja",
    ),
    "Location-based applications": _entry(
        "location-based applications: GPS tracking, geographic information systems, maps and "
        "mapping, geolocation, satellite positioning and earth observation",
        "GPS|GNSS|GIS|geolocat|geographic|geospatial|location|positioning|position|map$|maps$|"
        "mapping|tracking|satellite|ortung|standort|karte|kartier|positionen|satellit|"
        "localizzazione|geolocalizzazione|mappa|mappe$|mappare|^posizionament|^posizione|^posizioni|"
        "satellitar|localisation|"
        "géolocalisation|cartographi|carte$|satellitaire|localización|geolocalización|"
        "cartografi|mapa$|posicion|satélite|positionering|kartlägg|karta|spårning|satellitbild",
    ),
    "Gamification": _entry(
        "gamification: game mechanics such as points, challenges, rewards and serious games to "
        "engage users, customers, learners or employees",
        "gamification|gamifica|gamifiz|ludificación|serious game|game$|games$|spel$|"
        "spiel|giochi|gioco$|jeux|juegos|reward|points and badges|giochi seri",
    ),
    "Laser-based manufacturing and materials processing": _entry(
        "laser-based manufacturing: laser cutting, laser welding, laser marking, surface "
        "treatment and micromachining of materials",
        "laser",
    ),
    "Quantum Technologies (computing/communication)": _entry(
        "quantum technologies: quantum computing, quantum communication and key distribution, "
        "post-quantum cryptography and quantum sensing",
        "quantum|quanten|quantistic|quantique|cuántic|kvant",
    ),
    "Micro- and nanoelectronics, optoelectronics": _entry(
        "micro- and nanoelectronics and optoelectronics: integrated circuits, chips, power "
        "electronics, embedded electronics, LEDs and optical components",
        "microelectronic|nanoelectronic|optoelectronic|electronic|elektronik|elettronica|"
        "électronique|electrónica|elektronisk|integrated circuit|chip|ASIC|FPGA|printed circuit|"
        "schaltkreis|leiterplatt|circuito integrato|circuiti integrati|circuit intégré|puce|"
        "circuiti stampati|circuito stampato|schede elettroniche|scheda elettronica|"
        "componenti elettronici|dispositivi elettronici|"
        "circuito integrado|"
        "integrerad krets|kretsar",
    ),
    "Semiconductors and Nanotechnology": _entry(
        "semiconductors and nanotechnology: chip design and fabrication, wafers, nanomaterials "
        "and nanostructured surfaces",
        "semiconductor|halbleiter|semiconduttor|semi-conducteur|semiconducteur|semiconductor|"
        "halvledar|nanotech|nanomateri|nanotecnolog|nanotechnolog|chip|wafer|puce|"
        "integrated circuit|circuito integrato|circuiti integrati|circuit intégré|circuito integrado|"
        "integrerad krets|schaltkreis",
    ),
    "New technologies for Audio-Visual sector - Media": _entry(
        "new technologies for the audio-visual sector and media: video production, 360-degree "
        "video, streaming, sound and audio, broadcasting and interactive media content",
        "audio|video|audiovisual|audiovisuel|audiovisiv|media|medien|broadcast|streaming|film|"
        "sound|ljud|suono|sonido|son$|multimedia",
    ),
    "Industrial biotechnology": _entry(
        "industrial biotechnology: fermentation, enzymes, bioreactors, bioprocesses and "
        "bio-based production with microorganisms",
        "biotech|biotecnolog|biotechnolog|bioteknik|ferment|enzym|enzim|bioreact|bioreakt|"
        "biorreact|bioréact|bioprocess|bioprozess|bioprocé|microorganism|mikroorganism|"
        "microrganism|micro-organism|microorganismo",
    ),
    "BI tools": _entry(
        "business intelligence tools: dashboards, reporting, key performance indicators and "
        "management information from company data",
        "business intelligence|BI|dashboard|reporting|key performance indicator|KPI|KPIs|"
        "kennzahl|berichtswesen|cruscott|indicatori chiave|tableau de bord|tableaux de bord|"
        "indicateurs clés|cuadro de mando|cuadros de mando|indicadores clave|nyckeltal|"
        "rapportering|spreadsheet|excel|reportistica|fogli di calcolo|foglio di calcolo",
    ),
    "Photonics": _entry(
        "photonics: light-based technologies, optical fibres and fibre sensors, lasers, optics, "
        "optical measurement and imaging",
        "photonic|photonik|fotonic|photonique|fotónic|fotonik|optical|optisch|ottic|optique|"
        "óptic|optisk|fibre optic|fiber optic|glasfaser|fibra ottica|fibre optique|fibra óptica|"
        "fiberoptisk|light-based|laser",
    ),
    "Chemical engineering (plants, products)": _entry(
        "chemical engineering: process engineering of chemical and biochemical plants, reactors, "
        "scale-up from laboratory to pilot and industrial production, chemical products",
        "chemical|chemie|chemisch|chimic|chimique|químic|kemisk|process engineering|"
        "verfahrenstechnik|ingegneria di processo|génie des procédés|ingeniería de procesos|"
        "processteknik|scale-up|pilot plant|reactor|reaktor|reattor|réacteur|pilot plant|"
        "pilotanlage|impianto pilota|usine pilote|planta piloto|pilotanläggning",
    ),
    "Displays": _entry(
        "displays: screens, touch screens, flexible and OLED displays, display integration in "
        "products",
        "display|screen|touchscreen|touch screen|bildschirm|schermo|schermi|écran|pantalla|skärm|"
        "pekskärm|OLED|LCD",
    ),
    "data": _entry(
        "data: data management, data sharing and data spaces, open data and data governance",
        "data$|daten$|dati$|données|datos$|open data|data space|data sharing|data governance|"
        "datenraum|spazi di dati|espace de données|espacio de datos|condivisione dei dati|"
        "dati aperti|governance dei dati",
    ),
    "Organic and large area electronics": _entry(
        "organic and large-area electronics: printed electronics, flexible electronics, organic "
        "semiconductors, OLED and printed sensors",
        "printed electronic|flexible electronic|organic electronic|large area electronic|"
        "large-area electronic|gedruckte elektronik|flexible elektronik|elettronica stampata|"
        "elettronica flessibile|elettroniche stampate|elettronici stampati|électronique imprimée|électronique flexible|"
        "electrónica impresa|electrónica flexible|tryckt elektronik|flexibel elektronik|OLED",
    ),
}

SECTORS: dict[str, GlossaryEntry] = {
    "Manufacturing and processing": _entry(
        "manufacturing and processing industry: factories, production lines and plants",
        "manufactur|factory|factories|production|produktion|fabrik|werk$|werke$|fertigung|"
        "produzione|fabbrica|stabiliment|manifattur|mobilifici|calzaturifici|production|usine|fabricación|fábrica|producción|"
        "planta$|tillverkning|fabrik|produktion|industr",
    ),
    "Health care": _entry(
        "health care: hospitals, clinics, doctors, patients, medical devices and care services",
        "health|hospital|clinic|patient|doctor|medical|medic|care$|carer|gesundheit|"
        "assistenza domiciliare|farmaci$|farmacia|"
        "krankenhaus|klinik|arzt|pflege|medizin|sanità|ospedal|medico|pazient|santé|hôpital|"
        "médecin|médic|soins|salud|hospital|médico|paciente|cuidador|hälsa|sjukhus|läkare|vård",
    ),
    "Smart City": _entry(
        "smart city: digital services of towns and cities, urban mobility, parking, lighting "
        "and municipal infrastructure",
        "smart city|city|cities|town$|urban|municipal|stadt|städt|gemeinde|kommune|città|"
        "comune$|urban|ville$|villes|commune$|municipal|ciudad|ayuntamiento|municipio|stad$|"
        "kommun$|parking|parkpl|parcheggi|stationnement|aparcamiento|parkering",
    ),
    "Public administration": _entry(
        "public administration: government bodies, municipalities, citizen services and "
        "e-government",
        "public administration|public sector|government|citizen|municipalit|e-government|"
        "verwaltung|behörde|bürger|gemeinde|pubblica amministrazione|cittadin|comune$|"
        "unione di comuni|unioni di comuni|"
        "administration publique|citoyen|commune$|administración pública|ciudadan|ayuntamiento|"
        "offentlig förvaltning|medborgar|kommun$|myndighet",
    ),
    "Energy": _entry(
        "energy: energy utilities, power generation, energy efficiency, renewable energy and "
        "energy consumption",
        "energy|energie|energia|énergie|energía|energi|utility|utilities|solar|photovolta|"
        "fotovolta|renewable|erneuerbar|rinnovabil|renouvelable|renovable|förnybar|power plant|"
        "kraftwerk|kraftverk|battery|batteries|batterie|batteria|batterier|batteriet|"
        "batterilager|batteriladd|batterisystem|batteritillverk|wind$|wind power|windkraft|eolic|éolien|eólic|"
        "vindkraft|centrale elettric|centrali elettric|energetic|central eléctrica|"
        "centrale électrique",
    ),
    "Education": _entry(
        "education: schools, universities, vocational training and e-learning",
        "education|school|university|e-learning|bildung|schule|universität|istruzione|scuola|"
        "università|istituto tecnico|istituti tecnici|educativ|éducation|école|educación|escuela|universidad|utbildning|skola|universitet",
    ),
    "Environment": _entry(
        "environment: environmental monitoring, water, climate, forests, biodiversity, waste "
        "and pollution",
        "environment|umwelt|ambient|environnement|medio ambiente|miljö|climate|klima|clima|"
        "climat|water|wasser|acqua|eau$|agua|vatten|forest|wald|wälder|foresta|forêt|bosque|"
        "skog|pollution|waste|abfall|rifiuti|depurator|depurazion|acque reflue|scarti agricol|"
        "scarti alimentar|déchets|residuos|avfall|sustainab|nachhaltig|"
        "sostenibil|durable|sostenible|hållbar|drought|irrigat|bewässer|irrigar|irriguer|regar$|"
        "bevattn",
    ),
    "Transport & Mobility": _entry(
        "transport and mobility: road transport, trucking, public transport, logistics of "
        "goods and people, vehicles and traffic",
        "transport|trucking|truck|lorry|traffic|vehicle|mobility|spedition|lkw|verkehr|"
        "fahrzeug|mobilität|autotrasport|trasport|traffico|veicol|mobilità|camion|trafic|"
        "véhicule|mobilité|transporte|tráfico|vehículo|movilidad|åkeri|lastbil|trafik|fordon|"
        "mobilitet",
    ),
    "Automotive": _entry(
        "automotive industry: car makers and their suppliers, vehicle components",
        "automotive|car maker|carmaker|automobile|automobil$|automobilindustr|automobilzuliefer|"
        "automobilherstell|automobilbau|automobilbranche|automobilwerk|autoindustrie|fahrzeugbau|automobilistic|"
        "auto$|automobile|constructeur|automóvil|automoción|fordonsindustri|bilindustri",
    ),
    "Agricultural biotechnology and food biotechnology": _entry(
        "agriculture and agri-food: farms, crops, vineyards, livestock, agricultural "
        "cooperatives and food biotechnology",
        "agricultur|agri-food|agrifood|farm$|farms$|farmer|farming|farmland|crop|livestock|landwirt|ernte|agricol|agricoltur|"
        "agricole|allevator|allevament|exploitation|agrícol|agricultur|jordbruk|lantbruk|grödor|viticult|weinbau|"
        "viticoltur|viticultur|vinodling",
    ),
    "Construction & Assembly": _entry(
        "construction and assembly: building sites, construction companies, prefabrication, "
        "civil engineering, bridges and building materials",
        "construction|building site|buildings|bridge|concrete|civil engineering|bau$|baustelle|"
        "bauwesen|brücke|beton|baustoff|edilizia|cantiere|ponte|ponti|calcestruzzo|edili|"
        "edifici|bâtiment|chantier|pont$|ponts|béton|construcción|obra$|puente|hormigón|byggnad|"
        "byggarbetsplats|bro$|broar|betong|byggmaterial|bygg",
    ),
    "Metal working and industrial production": _entry(
        "metal working and industrial production: machining, CNC machines, welding, cutting, "
        "stamping, steel and metal parts",
        "metal|machining|CNC|welding|milling|steel|stainless|titanium|stamping|punching|"
        "zerspanung|metall|schweiß|fräs|stahl|edelstahl|titan|stanzen|stanzerei|stanzteil|"
        "stanzwerkzeug|stanzmaschin|stanztechni|gestanzt|metallo|metallic|"
        "meccanica|saldatura|fresatric|acciaio|titanio|punzonatura|métal|usinage|soudage|"
        "fraiseuse|acier|inox|titane|poinçonn|metal|mecanizado|soldadura|fresadora|acero|"
        "punzonado|bearbetning|svetsning|fräsmaskin|stål|rostfri|stansning",
    ),
    "Travel and tourism": _entry(
        "travel and tourism: hotels, tourist destinations, visitors and hospitality",
        "tourism|tourist|hotel|travel|visitor|hospitality|guests|tourismus|reise|gäste|turismo|"
        "turist|albergh|ospiti|visitator|tourisme|hôtel|voyage|turismo|huésped|viaje|turism|resor|"
        "gäster",
    ),
    "Telecommunications": _entry(
        "telecommunications: telecom operators, mobile networks, broadband and connectivity",
        "telecom|telekom|telecomunicaz|télécom|telecomunicac|telekommunikation|broadband|"
        "breitband|banda larga|haut débit|banda ancha|bredband|mobile network|5G|connectivity|"
        "konnektivität|connettività|connectivité|conectividad|uppkoppling",
    ),
    "Food and beverages": _entry(
        "food and beverages: food processing, drinks, bottling, dairies, bakeries and food safety",
        "food|beverage|drink|dairy|bakery|lebensmittel|getränk|molkerei|aliment|bevand|boisson|"
        "caseifici|surgelat|"
        "bebida|livsmedel|dryck|alimentar|alimentaire|alimentación|bevande|boissons|"
        "bebidas|drycker",
    ),
    "Life sciences": _entry(
        "life sciences: pharmaceuticals, biotechnology, medical research, laboratories and "
        "diagnostics",
        "life science|pharma|biotech|diagnos|clinical|biology|biologist|biologics|biological|"
        "biologie|biologisch|biologique|biología|biologisk|biologia$|enzym|enzim|farmaceutic|"
        "medical device|medizinprodukt|dispositivi medici|dispositifs médicaux|"
        "dispositivos médicos|medicinteknisk",
    ),
    "Security": _entry(
        "security: protection of people, sites and critical infrastructure, surveillance and "
        "safety",
        "^security|surveillance|critical infrastructure|^sicherheit|schutz|überwach|"
        "sicurezza pubblica|sicurezza urbana|sicurezza nazionale|"
        "protezion|sorveglianza|vigilanza|^sécurité|^seguridad|vigilancia|^säkerhet|skydd|övervakning|"
        "protection|protezione|protección",
    ),
    "Cultural and creative economy": _entry(
        "cultural and creative economy: museums, heritage, arts, design, games and media "
        "production",
        "museum|heritage|^culture|^cultural|^creative|arts|kultur|museo|patrimonio|^cultura|"
        "^creativ|musée|patrimoine|^créatif|^créative|kulturarv|kreativ",
    ),
    "Retail, wholesale or distribution": _entry(
        "retail, wholesale and distribution: shops, wholesalers, distributors, e-commerce and "
        "warehouses",
        "retail|wholesale|distributor|distribution|e-commerce|handel|großhänd|einzelhandel|"
        "ingrosso|grossista|distribuzion|negozi|commercio|grossiste|commerce de|ecommerce|"
        "magasin|distributeur|distribución|distribuidor|mayorista|minorista|tienda|comercio|"
        "grossist|detaljhandel|butik|e-handel|webbutik|webshop|store$|stores$",
    ),
    "Financial": _entry(
        "financial services: banks, insurance, payments, investment and portfolio management",
        "bank|insurance|insurer|fintech|payment|financial service|financial sector|"
        "financial institution|versicherung|zahlung|finanzdienst|finanzsektor|banca|assicuraz|"
        "pagament|servizi finanziari|settore finanziario|banque|assureur|assurances$|paiement|"
        "services financiers|secteur financier|banco$|bancos$|pago|servicios financieros|"
        "sector financiero|aseguradora|försäkring|betalning|finansiella tjänster|finanssektor",
    ),
    "Community-Led Local Development": _entry(
        "community-led local development: local action groups, rural communities, regional and "
        "local development initiatives",
        "local communit|local development|rural|local action|ländlich|comunità local|"
        "sviluppo locale|communauté local|développement local|comunidad local|desarrollo local|"
        "landsbygd|lokal utveckling|lokalsamhälle|^azione locale|^azioni locali",
    ),
    "Textiles": _entry(
        "textiles and clothing: fabrics, garments, knitwear, fashion and apparel production",
        "textile|garment|clothing|apparel|fashion|knitwear|fabric|textil|bekleidung|strick|"
        "tessil|tessuti tecnici|tessuto tecnico|abbigliament|moda$|maglific|maglieria|vêtement|tricot|confection|ropa|kläder|"
        "stickvar|konfektion",
    ),
    "Transport sector": _entry(
        "transport sector: railways, trains, ports, airports, shipping and public transport "
        "operators",
        "railway|rail$|port$|ports$|airport|shipping|bahn|hafen|flughafen|ferroviar|porto$|"
        "aeroport|ferroviaire|gare$|aéroport|ferrocarril|puerto|aeropuerto|järnväg|hamn|"
        "flygplats|railway|railroad|rolling stock|eisenbahn|ferrovi|chemin de fer|"
        "ferroviari|järnväg|tågtrafik",
    ),
    "Consumer products": _entry(
        "consumer products: household appliances, cosmetics, furniture, toys and other goods "
        "for consumers",
        "consumer|household|appliance|cosmetic|furniture|toys|konsumgüter|haushalt|kosmetik|"
        "mobilifici|"
        "möbel|beni di consumo|elettrodomestic|cosmetic|mobili$|biens de consommation|"
        "électroménager|cosmétique|meubles|bienes de consumo|electrodoméstic|cosmétic|muebles|"
        "konsumentprodukt|hushåll|kosmetika|möbler",
    ),
    "Personal services": _entry(
        "personal services: home care, elderly care, personal and household services",
        "home care|home-care|elderly|personal service|ambulant|ältere|senior|häusliche|"
        "assistenza domiciliare|anziani|aide à domicile|personnes âgées|ayuda a domicilio|"
        "personas mayores|hemtjänst|äldre|äldreomsorg",
    ),
    "Maritime": _entry(
        "maritime: shipbuilding, shipyards, ports, vessels, shipping and the blue economy",
        "maritime|shipyard|shipbuild|vessel|ships$|ship$|ferry|ferries|marine|maritim|werft|"
        "schiff|fähr|marittim|cantiere navale|nave$|navi$|traghett|maritime|chantier naval|"
        "navire|ferry|marítim|astillero|barco|buque|transbordador|varv$|fartyg|färj|sjöfart",
    ),
    "Defence": _entry(
        "defence: military and defence industry, protection against threats such as drones",
        "defence|defense|military|verteidigung|militär|difesa|militar|défense|défense|"
        "defensa|försvar|counter-drone|drohnenabwehr|antidron|anti-drone",
    ),
    "Aeronautics": _entry(
        "aeronautics: aircraft, aviation, aerospace components and airports",
        "aeronautic|aircraft|aviation|aerospace|airplane|luftfahrt|flugzeug|aeronautic|aerei|"
        "aereo|aerospazial|aéronautique|avion|aérospatial|aeronáutic|avión|avioneta|"
        "aeroespacial|flyg|flygplan",
    ),
    "Polymers and plastics": _entry(
        "polymers and plastics: plastic parts, injection moulding, extrusion, composites and "
        "recycled plastics",
        "plastic|polymer|injection mould|injection mold|extrusion|composite|kunststoff|"
        "spritzguss|spritzgieß|plastica|polimer|stampaggio|presse a iniezione|plastique|"
        "polymère|presses à injecter|injection|plástico|polímero|inyección|plast|formspruta|"
        "formsprut|granulat|granul",
    ),
    "Space": _entry(
        "space: satellites, earth observation, launchers and space data services",
        "space sector|space industry|space technolog|outer space|spacecraft|satellite|"
        "earth observation|copernicus|galileo|raumfahrt|satellit|spazio|"
        "osservazione della terra|spatiale|satellitaire|espacial|satélite|observación de la "
        "tierra|rymd|satellitbild",
    ),
    "Electricity": _entry(
        "electricity: power grids, electricity distribution, substations, smart grids and "
        "electrical storage",
        "electricity|electrical|power grid|grid$|substation|smart grid|strom|stromnetz|"
        "umspannwerk|elettric|rete elettrica|sottostazion|électricité|électrique|"
        "réseau électrique|poste électrique|postes électriques|electricidad|eléctric|"
        "red eléctrica|subestaci|elnät|elektricitet|transformatorstation|elförbrukning|"
        "battery storage|batteriespeicher|batterilager",
    ),
    "NMP Non-Metallic Materials & basic processes": _entry(
        "non-metallic materials and basic processes: ceramics, glass, cement, stone and "
        "composite materials",
        "ceramic|glass$|cement|stone|quarry|keramik|glas$|zement|stein|ceramic|vetro|cemento|"
        "pietra|cava$|cave di|céramique|verre|ciment|pierre|cerámica|vidrio|piedra|keramik|glas$|cement|sten$",
    ),
    "Paper and wood": _entry(
        "paper and wood: paper mills, pulp, sawmills, timber, forestry and furniture",
        "paper|pulp|sawmill|timber|wood|forestry|furniture|papier|zellstoff|sägewerk|holz|"
        "forst|möbel|cartiera|legno|segheria|mobili$|mobilifici|boschi$|bosco$|papeterie|bois$|scierie|meubles|papel|"
        "madera|aserradero|muebles|papper|pappersbruk|sågverk|träindustri|trävaru|träprodukt|"
        "trähus|skog|möbler",
    ),
    "Energy, fuels and petroleum engineering": _entry(
        "energy, fuels and petroleum engineering: oil and gas, refineries, hydrogen and fuels",
        "petroleum|oil and gas|refiner|fuel|hydrogen|gas$|erdöl|raffinerie|kraftstoff|"
        "wasserstoff|petrol|raffineri|carburant|idrogeno|pétrole|raffinerie|hydrogène|"
        "petróleo|refinería|combustible|hidrógeno|petroleum|raffinaderi|bränsle|vätgas",
    ),
    "Real estate": _entry(
        "real estate: property management, buildings and housing",
        "real estate|property|housing|facility management|immobilie|wohnungs|immobil|"
        "immobilier|logement|inmobiliari|vivienda|fastighet|bostad",
    ),
    "Legal Aspects": _entry(
        "legal aspects: law firms, contracts, intellectual property and data protection law",
        "legal service|legal advice|legal tech|legaltech|law firm|law$|lawyer|contract|"
        "intellectual property|GDPR|recht|anwalt|vertrag|studio legale|consulenza legale|"
        "avvocat|contratt|juridique|avocat|contrat|jurídic|abogado|contrato|juridisk|advokat|"
        "avtal|RGPD|DSGVO",
    ),
    "Regulation": _entry(
        "regulation: compliance with rules and standards, certification, regulatory approval",
        "regulation|regulatory|compliance|certification|regulier|vorschrift|zertifizier|"
        "normativ|conformità|certificazion|réglementation|conformité|certification|regulación|"
        "normativa|cumplimiento|certificación|regelverk|efterlevnad|certifier",
    ),
    "Fishery": _entry(
        "fishery: fishing fleets and cooperatives, catches, aquaculture and fish processing",
        "fish|catch|aquacult|fischer|fang|fänge|aquakultur|pesca|pescator|pescher|catture|"
        "acquacoltura|pêche|captures|aquaculture|pescador|capturas|acuicultura|cofradía|fiske|"
        "fångst|vattenbruk",
    ),
    "Mining and extraction": _entry(
        "mining and extraction: mines, quarries, drilling and extraction of raw materials",
        "mining|mine$|mines$|quarry|quarries|drilling|extraction|raw material|bergbau|"
        "steinbruch|bohr|rohstoff|miniera|cava$|estrazione|perforatric|materie prime|carrière|"
        "extraction|foreuse|matières premières|minería|mina$|cantera|perforador|extracción|"
        "materias primas|gruva|stenbrott|borr|brytning|råvaror",
    ),
    "Leather": _entry(
        "leather: tanneries, leather goods and footwear",
        "leather|tanner|footwear|shoe|leder|gerberei|schuh|pelle|conceria|calzatur|cuir|"
        "tannerie|chaussure|cuero|curtidur|calzado|läder|garveri|skor$",
    ),
    "Nuclear": _entry(
        "nuclear: nuclear power plants, nuclear engineering, radiation and decommissioning",
        "nuclear|atom|kernkraft|kerntechnik|nucleare|nucléaire|kärnkraft|radiation|strahlung|"
        "radiazion|rayonnement|radiación|strålning",
    ),
    "Tobacco": _entry(
        "tobacco: tobacco processing and products",
        "tobacco|tabak|tabacco|tabac|tabaco",
    ),
}

SERVICES: dict[str, GlossaryEntry] = {
    "SME support": _entry(
        "support to small and medium-sized enterprises in their digital transformation",
        "SME|SMEs|small and medium|KMU|mittelstand|PMI|PME|pyme|små och medelstora|small company|"
        "small business|kleines unternehmen|piccola impresa|petite entreprise|pequeña empresa|"
        "litet företag",
    ),
    "Technological innovation": _entry(
        "technological innovation: developing and introducing new technologies and products",
        "innovation|innovazione|innovación|innovativ|new technolog|neue technolog|"
        "nuove tecnologie|nouvelles technologies|nuevas tecnologías|ny teknik",
    ),
    "Knowledge transfer": _entry(
        "knowledge transfer: training, advice and know-how from research to companies",
        "knowledge transfer|know-how|expertise|wissenstransfer|trasferimento di conoscenza|"
        "transfert de connaissances|transferencia de conocimiento|kunskapsöverföring",
    ),
    "Ecosystem building": _entry(
        "ecosystem building: networking, partnerships and cooperation between companies, "
        "research and public bodies",
        "ecosystem|networking|partnership|cooperation|ökosystem|netzwerk|partner|ecosistema|"
        "rete di|écosystème|réseau d|ecosistema|red de|ekosystem|nätverk|samarbet",
    ),
    "Technology transfer": _entry(
        "technology transfer: bringing research results and technologies into company products "
        "and processes",
        "technology transfer|technologietransfer|trasferimento tecnologico|"
        "transfert de technologie|transferencia tecnológica|tekniköverföring|licens",
    ),
    "Innovation management": _entry(
        "innovation management: innovation strategy, digital maturity assessment and roadmaps",
        "innovation management|strategy|roadmap|maturity|innovationsmanagement|strategie|"
        "reifegrad|strategia|maturità|stratégie|maturité|estrategia|madurez|strategi|mognad",
    ),
    "Prototyping": _entry(
        "prototyping: building and testing prototypes and proofs of concept",
        "prototyp|proof of concept|prototip|prototyp|demonstrator|pilot",
    ),
    "Sme Business Development": _entry(
        "business development of SMEs: new markets, sales, business models and growth",
        "business development|business model|new market|sales|geschäftsentwicklung|"
        "geschäftsmodell|vertrieb|sviluppo commerciale|modello di business|vendite|"
        "développement commercial|modèle économique|ventes|desarrollo de negocio|"
        "modelo de negocio|ventas|affärsutveckling|affärsmodell|försäljning",
    ),
    "Public sector innovation": _entry(
        "public sector innovation: digitalisation of public administrations and public services",
        "public sector|public service|e-government|öffentliche|verwaltung|pubblica "
        "amministrazione|servizi pubblici|secteur public|services publics|sector público|"
        "servicios públicos|offentlig sektor|kommun$|municipal|gemeinde|comune$|ayuntamiento",
    ),
    "Finance": _entry(
        "access to finance: investment readiness, funding, grants, loans and investors",
        "funding|investor|investment|grant|loan|financing|finanzierung|investition|förder|"
        "finanziament|investiment|financement|investissement|subvention|financiación|inversión|"
        "subvención|finansiering|investering|bidrag",
    ),
    "Regional development": _entry(
        "regional development: regional economy, smart specialisation and territorial growth",
        "regional|region|regione|région|región|territori",
    ),
    "Circular economy": _entry(
        "circular economy: recycling, reuse, remanufacturing, waste reduction and resource "
        "efficiency",
        "circular|recycl|reuse|remanufactur|kreislauf|wiederverwert|rezykl|riciclat|riuso|"
        "économie circulaire|recyclé|reciclad|reutiliz|återvun|återbruk|cirkulär|"
        "waste reduction",
    ),
    "Vocational training": _entry(
        "vocational training: skills, courses and training of workers and staff",
        "training|skills|course|upskilling|reskilling|schulung|weiterbildung|ausbildung|"
        "^formazione|competenze|corso|formation|compétences|formación|habilidades|curso|"
        "utbildning|kompetens|kurs|train new|schulen|^formare|former$|formar$|utbilda",
    ),
    "Smart Specialisation strategies": _entry(
        "smart specialisation strategies (S3/RIS3) of regions",
        "smart specialisation|smart specialization|RIS3|S3|specializzazione intelligente|"
        "spécialisation intelligente|especialización inteligente|smart specialisering",
    ),
    "Field trial": _entry(
        "field trials: testing solutions in real operating conditions, test beds and pilots",
        "field trial|field test|testbed|test bed|pilot|real conditions|feldversuch|feldtest|"
        "sperimentazione|sul campo|essai sur le terrain|en conditions réelles|prueba de campo|"
        "fälttest|fältförsök|test before invest",
    ),
}

GLOSSARY: dict[str, dict[str, GlossaryEntry]] = {
    "technologies": TECHNOLOGIES,
    "sectors": SECTORS,
    "services": SERVICES,
}


@lru_cache(maxsize=1024)
def _fold_with_offsets(text: str) -> tuple[str, tuple[int, ...]]:
    """``fold_text(text)`` and, for every folded character, its index in ``text``."""
    if text.isascii():
        return text.lower(), tuple(range(len(text)))
    characters: list[str] = []
    offsets: list[int] = []
    for index, character in enumerate(text):
        folded = character.lower() if character.isascii() else fold_text(character)
        characters.append(folded)
        offsets.extend([index] * len(folded))
    return "".join(characters), tuple(offsets)


def _word_around(text: str, start: int, end: int) -> str:
    """The whole word(s) of ``text`` covering [start, end) (quotes what the author wrote)."""
    left = start
    while left > 0 and (text[left - 1].isalnum() or text[left - 1] == "-"):
        left -= 1
    right = end
    while right < len(text) and (text[right].isalnum() or text[right] == "-"):
        right += 1
    return text[left:right].strip("-")


@dataclass(frozen=True)
class _Scanner:
    """Every trigger term of a facet in two Aho-Corasick automata (folded terms; acronyms).

    One pass over a text finds every occurrence of every term (overlaps included); each hit is
    then checked against its term's rule (word start, whole word). The result is the same as
    trying each label's patterns (``find_terms``), at the cost of one scan instead of ~700.
    """

    labels: tuple[str, ...]
    #: folded literal -> ((label index, rule), ...); rule: 0 anywhere, 1 word start, 2 whole word
    folded: Any
    exact: Any


def _automaton(entries: dict[str, list[tuple[int, int]]]) -> Any:
    automaton = ahocorasick.Automaton()
    for literal, rules in entries.items():
        automaton.add_word(literal, (len(literal), tuple(rules)))
    if entries:
        automaton.make_automaton()
    return automaton


@cache
def _scanner(facet: str) -> _Scanner:
    labels = tuple(GLOSSARY.get(facet, {}))
    folded: dict[str, list[tuple[int, int]]] = {}
    exact: dict[str, list[tuple[int, int]]] = {}
    for index, label in enumerate(labels):
        for term in GLOSSARY[facet][label].terms:
            word = term.rstrip("$").lstrip("^")
            if word.isupper():
                exact.setdefault(word, []).append((index, 2))
                continue
            literal = fold_text(word)
            if term.endswith("$"):
                rule = 2
            elif len(literal) >= 7 and not term.startswith("^"):
                rule = 0
            else:
                rule = 1
            folded.setdefault(literal, []).append((index, rule))
    return _Scanner(labels, _automaton(folded), _automaton(exact))


def _is_word(character: str) -> bool:
    """Python's ``\\w`` for one character (what the patterns' look-arounds test)."""
    return character.isalnum() or character == "_"


def _hit_spans(automaton: Any, text: str) -> list[tuple[int, int, int]]:
    """(label index, start, end) of every term occurrence in ``text`` that obeys its rule."""
    if not text or not len(automaton):
        return []
    spans = []
    last = len(text) - 1
    for end, (length, rules) in automaton.iter(text):
        start = end - length + 1
        starts_word = start == 0 or not _is_word(text[start - 1])
        ends_word = end == last or not _is_word(text[end + 1])
        for label, rule in rules:
            if rule == 0 or (starts_word and (rule == 1 or ends_word)):
                spans.append((label, start, end + 1))
    return spans


@lru_cache(maxsize=4096)
def _quotable_hits(facet: str, text: str) -> dict[str, tuple[str, ...]]:
    """Label -> the words (as written, in text order) its terms occur in within ``text``.

    Occurrences of one label that overlap an earlier, longer one are left out ("big data
    analytics" is quoted once, as "big data", not also as "data analytics").
    """
    scanner = _scanner(facet)
    spans: dict[int, list[tuple[int, int]]] = {}
    for label, start, end in _hit_spans(scanner.exact, text):
        spans.setdefault(label, []).append((start, end))
    folded, offsets = _fold_with_offsets(text)
    for label, start, end in _hit_spans(scanner.folded, folded):
        spans.setdefault(label, []).append((offsets[start], offsets[end - 1] + 1))
    hits: dict[str, tuple[str, ...]] = {}
    for label, found in spans.items():
        words = []
        covered = -1
        for start, end in sorted(found, key=lambda span: (span[0], -span[1])):
            if start >= covered:
                words.append(_word_around(text, start, end))
                covered = end
        hits[scanner.labels[label]] = tuple(words)
    return hits


def find_terms(facet: str, label: str, text: str, *, limit: int = 3) -> tuple[str, ...]:
    """Words of ``text`` (as written) that trigger ``label``; at most ``limit``, in text order."""
    if not text:
        return ()
    seen: set[str] = set()
    words: list[str] = []
    for word in _quotable_hits(facet, text).get(label, ()):
        key = word.casefold()
        if word and key not in seen:
            seen.add(key)
            words.append(word)
    return tuple(words[:limit])


@lru_cache(maxsize=200_000)
def mentioned_labels(facet: str, text: str) -> frozenset[str]:
    """The labels of ``facet`` whose trigger terms occur in ``text`` (one scan of the text).

    Memoised by text, so rebuilding an index after a few profiles changed scans only theirs.
    """
    scanner = _scanner(facet)
    spans = _hit_spans(scanner.exact, text) + _hit_spans(scanner.folded, fold_text(text))
    return frozenset(scanner.labels[label] for label, _, _ in spans)


def labels_mentioned(facet: str, labels: Sequence[str], text: str) -> list[bool]:
    """For each label, whether any of its trigger terms occurs in ``text``."""
    found = mentioned_labels(facet, text)
    return [label in found for label in labels]


def has_terms(facet: str, label: str, text: str) -> bool:
    """Whether any trigger term of ``label`` occurs in ``text``."""
    return labels_mentioned(facet, [label], text)[0]


def gloss(facet: str, label: str) -> str:
    """The English gloss of ``label`` ("label: explanation"), or the label itself."""
    entry = GLOSSARY.get(facet, {}).get(label)
    return f"{label}: {entry.gloss}" if entry else label


#: label glosses written per language (ours, translated from the English glosses above), embedded
#: so that a need's labels are read against descriptions in its own language (round 7)
LOCALISED_GLOSSES = Path(__file__).parent / "models" / "label-glosses.json"


@cache
def _localised_glosses() -> dict[str, dict[str, dict[str, str]]]:
    data: dict[str, dict[str, dict[str, str]]] = json.loads(
        LOCALISED_GLOSSES.read_text(encoding="utf-8")
    )["glosses"]
    return data


def gloss_languages() -> tuple[str, ...]:
    """The languages with glosses of their own, besides English."""
    return tuple(sorted(_localised_glosses()))


def localised_gloss(facet: str, label: str, language: str) -> str:
    """The gloss of ``label`` written in ``language``; the English gloss when there is none."""
    written = _localised_glosses().get(language, {}).get(facet, {}).get(label)
    return written if written is not None else gloss(facet, label)
