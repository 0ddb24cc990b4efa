"""Hand-written name and place lists for the synthetic population.

Nothing here comes from a dataset of real people: the lists were typed out to look
plausible for a northern English town (mostly British names, with South Asian,
Eastern European, African and other names as in any English town). Order matters:
earlier names are drawn more often (a Zipf-like weight), so common names such as
Oliver, Amelia, Smith and Jones collide often enough to make linkage hard.

Everything is a tuple or a read-only mapping so no module holds mutable state.
"""

from __future__ import annotations

from types import MappingProxyType

# fmt: off
# --- Given names by naming tradition --------------------------------------------------------------------

BRITISH_BOYS: tuple[str, ...] = (
    "Oliver", "Jack", "Harry", "George", "Noah", "Charlie", "Jacob", "Alfie", "Freddie", "Oscar",
    "Leo", "Thomas", "James", "William", "Joshua", "Ethan", "Archie", "Henry", "Max", "Daniel",
    "Logan", "Lucas", "Isaac", "Samuel", "Joseph", "Harrison", "Alexander", "Edward", "Riley", "Mason",
    "Dylan", "Theo", "Finley", "Jake", "Tyler", "Lewis", "Callum", "Liam", "Kian", "Connor",
    "Ryan", "Benjamin", "Adam", "Luke", "Matthew", "Nathan", "Owen", "Reuben", "Toby", "Sebastian",
    "Arthur", "Frederick", "Alfred", "Teddy", "Albie", "Ronnie", "Tommy", "Bobby", "Frankie", "Stanley",
    "Louie", "Reggie", "Jenson", "Jayden", "Kai", "Caleb", "Elliot", "Harvey", "Hugo", "Rory",
    "Ben", "Sam", "Jamie", "Aaron", "Cameron", "Jordan", "Kieran", "Bradley", "Brandon", "Declan",
    "Robert", "Michael", "David", "Christopher", "Andrew", "Anthony", "Stephen", "Paul", "Mark", "Peter",
    "Dominic", "Patrick", "Sean", "Aidan", "Rhys", "Evan", "Gethin", "Dafydd", "Euan", "Fraser",
    "Ross", "Angus", "Hamish", "Ciaran", "Niall", "Cian", "Oisin", "Finn", "Ellis", "Jude",
    "Zachary", "Elijah", "Gabriel", "Nathaniel", "Jesse", "Joel", "Levi", "Micah", "Ezra", "Felix",
    "Albert", "Ernest", "Harley", "Brody", "Mackenzie", "Preston", "Tristan", "Vincent", "Wilfred", "Rowan",
    "Austin", "Blake", "Carter", "Dexter", "Eli", "Fletcher", "Grayson", "Hunter", "Jasper", "Kayden",
    "Lennon", "Louis", "Marley", "Myles", "Ollie", "Parker", "Ralph", "Ronan", "Spencer", "Tobias",
)

BRITISH_GIRLS: tuple[str, ...] = (
    "Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophia", "Grace", "Mia", "Poppy", "Ella",
    "Lily", "Evie", "Isabella", "Sophie", "Ivy", "Freya", "Harper", "Willow", "Daisy", "Alice",
    "Jessica", "Charlotte", "Florence", "Ruby", "Chloe", "Phoebe", "Elsie", "Matilda", "Rosie", "Millie",
    "Elizabeth", "Eleanor", "Lucy", "Holly", "Hannah", "Megan", "Lauren", "Bethany", "Ellie", "Erin",
    "Katie", "Abigail", "Scarlett", "Imogen", "Maisie", "Molly", "Layla", "Lola", "Esme", "Eva",
    "Georgia", "Amber", "Niamh", "Caitlin", "Leah", "Paige", "Courtney", "Shannon", "Jade", "Kayleigh",
    "Rebecca", "Rachel", "Sarah", "Laura", "Emma", "Amy", "Gemma", "Claire", "Nicola", "Victoria",
    "Catherine", "Margaret", "Mary", "Anne", "Jennifer", "Susan", "Helen", "Louise", "Jane", "Natalie",
    "Summer", "Violet", "Rose", "Darcie", "Thea", "Aria", "Luna", "Nancy", "Edith", "Iris",
    "Harriet", "Beatrice", "Clara", "Martha", "Mabel", "Ada", "Hallie", "Orla", "Aoife", "Siobhan",
    "Ffion", "Cerys", "Seren", "Carys", "Eilidh", "Kirsty", "Morag", "Skye", "Robyn", "Heather",
    "Zara", "Tilly", "Lexi", "Bella", "Gracie", "Hollie", "Kacey", "Brooke", "Macy", "Lacey",
    "Abbie", "Alexandra", "Annabelle", "Eliza", "Evelyn", "Frances", "Georgina", "Hermione", "Julia", "Lydia",
    "Madison", "Naomi", "Penelope", "Rebekah", "Sadie", "Stephanie", "Tegan", "Vanessa", "Wren", "Zoe",
    "Amelie", "Emilia", "Emmeline", "Isabel", "Isobel", "Josephine", "Katherine", "Kathryn", "Maya", "Mya",
)

SOUTH_ASIAN_BOYS: tuple[str, ...] = (
    "Muhammad", "Mohammed", "Mohammad", "Ibrahim", "Yusuf", "Ali", "Hamza", "Adam", "Zayn", "Ayaan",
    "Omar", "Hassan", "Hussain", "Bilal", "Imran", "Zain", "Rayyan", "Arjun", "Aarav", "Rohan",
    "Harjit", "Gurpreet", "Sukhdeep", "Amir", "Ismail", "Idris", "Zakariya", "Musa", "Abdullah", "Aryan",
    "Vihaan", "Kabir", "Dev", "Nikhil", "Sanjay", "Ravi", "Faisal", "Tariq", "Usman", "Haroon",
)

SOUTH_ASIAN_GIRLS: tuple[str, ...] = (
    "Aisha", "Zainab", "Fatima", "Maryam", "Hafsa", "Khadija", "Amira", "Inaya", "Hana", "Zara",
    "Aaliyah", "Safa", "Sana", "Noor", "Anaya", "Priya", "Simran", "Jasleen", "Harleen", "Navneet",
    "Ayesha", "Sumaya", "Ruqayyah", "Iqra", "Alisha", "Nadia", "Samira", "Yasmin", "Layla", "Mariam",
    "Divya", "Anjali", "Kiran", "Meera", "Riya", "Tara", "Saira", "Rabia", "Amna", "Humaira",
)

EASTERN_EUROPEAN_BOYS: tuple[str, ...] = (
    "Oskar", "Jakub", "Szymon", "Filip", "Kacper", "Antoni", "Jan", "Mateusz", "Wojciech", "Piotr",
    "Tomasz", "Michal", "Bartosz", "Dawid", "Kamil", "Lukas", "Matas", "Andrei", "Mihai", "Darius",
    "Stefan", "Nikola", "Luka", "Marek", "Pavel", "Viktor", "Dmitri", "Aleksander", "Igor", "Adrian",
)

EASTERN_EUROPEAN_GIRLS: tuple[str, ...] = (
    "Zofia", "Zuzanna", "Julia", "Maja", "Hanna", "Lena", "Alicja", "Natalia", "Wiktoria", "Oliwia",
    "Amelia", "Aleksandra", "Kinga", "Agnieszka", "Magdalena", "Emilija", "Ieva", "Ioana", "Andreea", "Elena",
    "Daria", "Katarzyna", "Marta", "Nikola", "Karolina", "Milena", "Anastasia", "Sofija", "Gabriela", "Paulina",
)

AFRICAN_BOYS: tuple[str, ...] = (
    "Tobi", "David", "Samuel", "Daniel", "Emmanuel", "Joshua", "Tunde", "Kwame", "Kofi", "Chidi",
    "Chukwuemeka", "Oluwaseun", "Ayodele", "Tendai", "Tatenda", "Abdi", "Mohamed", "Yonas", "Dawit", "Kelechi",
    "Obinna", "Femi", "Jide", "Elijah", "Nathaniel",
)

AFRICAN_GIRLS: tuple[str, ...] = (
    "Grace", "Blessing", "Favour", "Precious", "Esther", "Abigail", "Adaeze", "Chioma", "Ngozi", "Amara",
    "Funmilayo", "Temitope", "Ayomide", "Folake", "Nia", "Ama", "Akosua", "Rutendo", "Tanaka", "Hodan",
    "Ifrah", "Hiba", "Selam", "Tsion", "Zawadi",
)

OTHER_BOYS: tuple[str, ...] = (
    "Yousef", "Ahmad", "Karim", "Sami", "Tariq", "Ryan", "Kevin", "Wei", "Jun", "Hao",
    "Minh", "Duc", "Mateo", "Diego", "Santiago", "Luca", "Marco", "Giovanni", "Rafael", "Tiago",
    "Kemal", "Emre", "Arman", "Dariush", "Nicolas",
)

OTHER_GIRLS: tuple[str, ...] = (
    "Leila", "Yasmin", "Nour", "Rania", "Dina", "Mei", "Lin", "Xin", "Linh", "Anh",
    "Sofia", "Valentina", "Lucia", "Camila", "Chiara", "Giulia", "Ines", "Beatriz", "Elif", "Zeynep",
    "Defne", "Shirin", "Parisa", "Mina", "Hana",
)

# --- Family names by naming tradition ----------------------------------------------------------------

BRITISH_SURNAMES: tuple[str, ...] = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
    "Patel", "Harrison", "Hughes", "Edwards", "Lewis", "Turner", "Hill", "Moore", "Martin", "Cooper",
    "Ward", "Morris", "King", "Baker", "Harris", "Clark", "Allen", "Young", "Scott", "Mitchell",
    "Carter", "Phillips", "Watson", "Anderson", "Bell", "Shaw", "Parker", "Atkinson", "Richardson", "Dixon",
    "Bennett", "Morgan", "Lee", "Cook", "Price", "Bailey", "Marshall", "Ellis", "Murphy", "Kelly",
    "Hutchinson", "Armstrong", "Robson", "Dobson", "Pearson", "Hodgson", "Elliott", "Nicholson", "Charlton", "Milburn",
    "Stephenson", "Hepburn", "Liddle", "Hetherington", "Brownlee", "Forster", "Tweddle", "Swales", "Bainbridge", "Peacock",
    "Coates", "Metcalfe", "Raine", "Lowes", "Emmerson", "Lamb", "Heslop", "Dodds", "Gowland", "Hindmarsh",
    "Graham", "Stewart", "Campbell", "Reid", "Ross", "Murray", "Fraser", "Robertson", "Hamilton", "Gibson",
    "O'Brien", "O'Neill", "McDonald", "McKenzie", "MacLeod", "McLaughlin", "Doyle", "Byrne", "Quinn", "Gallagher",
    "Heaton", "Rees", "Owen", "Lloyd", "Powell", "Jenkins", "Griffiths", "Meredith", "Vaughan", "Pritchard",
    "Fletcher", "Chapman", "Knight", "Mason", "Holmes", "Lawson", "Fox", "Webb", "Rogers", "Stevens",
    "Gray", "Hunt", "Palmer", "Mills", "Holland", "Barker", "Fisher", "Spencer", "Butler", "Russell",
    "Berry", "Newton", "Wells", "Kay", "Walton", "Sutton", "Barnes", "Dawson", "Sanderson", "Todd",
    "Bowman", "Brady", "Appleby", "Burdon", "Crawford", "Cuthbert", "Dent", "Featherstone", "Gill", "Hardy",
    "Iveson", "Jobling", "Kirkup", "Laidler", "Maddison", "Nattrass", "Oliver", "Proud", "Ridley", "Surtees",
    "Thornton", "Usher", "Vasey", "Wearmouth", "Winter", "Yeats", "Adamson", "Bousfield", "Cowell", "Errington",
    "Foster", "Gardner", "Howe", "Ingram", "Johnston", "Kendall", "Lister", "Moss", "Nixon", "Oates",
    "Pickering", "Rowell", "Simpson", "Tate", "Wade", "Whitfield", "Brough", "Close", "Hebden", "Ramshaw",
)

SOUTH_ASIAN_SURNAMES: tuple[str, ...] = (
    "Khan", "Hussain", "Ahmed", "Ali", "Begum", "Akhtar", "Iqbal", "Mahmood", "Shah", "Rahman",
    "Islam", "Miah", "Uddin", "Choudhury", "Malik", "Butt", "Sharif", "Aslam", "Riaz", "Mirza",
    "Patel", "Singh", "Kaur", "Sharma", "Gupta", "Kumar", "Mistry", "Desai", "Joshi", "Chauhan",
    "Sandhu", "Gill", "Dhillon", "Bains", "Sidhu", "Rai", "Nair", "Pillai", "Reddy", "Qureshi",
)

EASTERN_EUROPEAN_SURNAMES: tuple[str, ...] = (
    "Nowak", "Kowalski", "Kowalska", "Wisniewski", "Wojcik", "Kaminski", "Lewandowski", "Zielinski", "Szymanski", "Dabrowski",
    "Kozlowski", "Jankowski", "Mazur", "Krawczyk", "Piotrowski", "Grabowski", "Pawlak", "Michalski", "Nowicki", "Adamczyk",
    "Kazlauskas", "Jankauskas", "Petrauskas", "Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Horvath", "Novak",
    "Kovac", "Ivanov", "Petrov", "Berzins", "Ozols", "Tamm", "Dvorak", "Svoboda", "Baranowski", "Wrobel",
)

AFRICAN_SURNAMES: tuple[str, ...] = (
    "Okafor", "Okonkwo", "Adeyemi", "Adebayo", "Olawale", "Balogun", "Eze", "Nwosu", "Mensah", "Boateng",
    "Owusu", "Asante", "Osei", "Moyo", "Ndlovu", "Dube", "Mutasa", "Chikwanha", "Abdi", "Mohamed",
    "Hassan", "Farah", "Tesfaye", "Haile", "Bekele",
)

OTHER_SURNAMES: tuple[str, ...] = (
    "Haddad", "Nasser", "Saleh", "Karimi", "Hosseini", "Rahimi", "Chen", "Wang", "Li", "Zhang",
    "Liu", "Nguyen", "Tran", "Pham", "Garcia", "Rodriguez", "Fernandez", "Silva", "Santos", "Rossi",
    "Russo", "Esposito", "Yilmaz", "Kaya", "Demir",
)

# Traditions with (weight, boys, girls, surnames). Weights are a made-up mix for a northern town.
TRADITIONS: tuple[tuple[str, float, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    ("british", 0.82, BRITISH_BOYS, BRITISH_GIRLS, BRITISH_SURNAMES),
    ("south_asian", 0.07, SOUTH_ASIAN_BOYS, SOUTH_ASIAN_GIRLS, SOUTH_ASIAN_SURNAMES),
    ("eastern_european", 0.05, EASTERN_EUROPEAN_BOYS, EASTERN_EUROPEAN_GIRLS, EASTERN_EUROPEAN_SURNAMES),
    ("african", 0.03, AFRICAN_BOYS, AFRICAN_GIRLS, AFRICAN_SURNAMES),
    ("other", 0.03, OTHER_BOYS, OTHER_GIRLS, OTHER_SURNAMES),
)

# Adults' given names skew older; reuse the British lists plus a few older names.
BRITISH_MEN_EXTRA: tuple[str, ...] = (
    "Gary", "Craig", "Darren", "Lee", "Wayne", "Dean", "Neil", "Stuart", "Kevin", "Graham",
    "Ian", "Martin", "Simon", "Philip", "Carl", "Shaun", "Steven", "Jason", "Scott", "Gavin",
)
BRITISH_WOMEN_EXTRA: tuple[str, ...] = (
    "Lisa", "Michelle", "Donna", "Joanne", "Kelly", "Tracey", "Julie", "Angela", "Dawn", "Karen",
    "Samantha", "Stacey", "Leanne", "Kerry", "Hayley", "Carly", "Danielle", "Vicky", "Zoe", "Sharon",
)

# --- Nicknames and short forms (UK usage; the `nicknames` package lacks many of these) -----------------

NICKNAMES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "Elizabeth": ("Beth", "Liz", "Lizzie", "Eliza", "Libby"),
        "Alfred": ("Alfie", "Alf"),
        "Oliver": ("Ollie", "Olly"),
        "Olivia": ("Liv", "Livvy"),
        "Harrison": ("Harry",),
        "Henry": ("Harry", "Hal"),
        "Jacob": ("Jake", "Jack"),
        "John": ("Jack", "Johnny"),
        "James": ("Jim", "Jamie", "Jimmy"),
        "William": ("Will", "Billy", "Liam"),
        "Thomas": ("Tom", "Tommy"),
        "Joshua": ("Josh",),
        "Joseph": ("Joe", "Joey"),
        "Samuel": ("Sam", "Sammy"),
        "Benjamin": ("Ben", "Benji"),
        "Daniel": ("Dan", "Danny"),
        "Matthew": ("Matt",),
        "Christopher": ("Chris",),
        "Alexander": ("Alex", "Alfie", "Sandy"),
        "Edward": ("Ed", "Eddie", "Ted", "Teddy"),
        "Frederick": ("Freddie", "Fred"),
        "Theodore": ("Theo", "Teddy"),
        "Archibald": ("Archie",),
        "Robert": ("Rob", "Bob", "Bobby", "Robbie"),
        "Michael": ("Mike", "Mikey"),
        "Nathaniel": ("Nate", "Nathan"),
        "Sebastian": ("Seb",),
        "Zachary": ("Zach", "Zack"),
        "Anthony": ("Tony", "Ant"),
        "Stephen": ("Steve",),
        "Francis": ("Frank", "Frankie"),
        "Ronald": ("Ronnie",),
        "Reginald": ("Reggie",),
        "Albert": ("Albie", "Bert"),
        "Stanley": ("Stan",),
        "Louis": ("Louie",),
        "Callum": ("Cal",),
        "Dominic": ("Dom",),
        "Gabriel": ("Gabe",),
        "Tobias": ("Toby",),
        "Muhammad": ("Mohammed", "Mohammad", "Mo"),
        "Mohammed": ("Muhammad", "Mohammad", "Mo"),
        "Mohammad": ("Muhammad", "Mohammed", "Mo"),
        "Mohamed": ("Mohammed", "Mo"),
        "Ibrahim": ("Ibby",),
        "Abdullah": ("Abdul",),
        "Zakariya": ("Zak", "Zakaria"),
        "Aleksander": ("Olek", "Alek"),
        "Jakub": ("Kuba", "Jacob"),
        "Oskar": ("Oscar",),
        "Wojciech": ("Wojtek",),
        "Emmanuel": ("Manny",),
        "Oluwaseun": ("Seun",),
        "Chukwuemeka": ("Emeka",),
        "Eleanor": ("Ellie", "Nell", "Elle"),
        "Isabella": ("Bella", "Izzy", "Issy"),
        "Isabel": ("Izzy", "Bel"),
        "Isobel": ("Izzy",),
        "Amelia": ("Millie", "Mia", "Amy"),
        "Emily": ("Em", "Emmy", "Millie"),
        "Evelyn": ("Evie",),
        "Eva": ("Evie",),
        "Sophia": ("Sophie",),
        "Sophie": ("Soph",),
        "Charlotte": ("Lottie", "Charlie"),
        "Florence": ("Flo", "Florrie"),
        "Matilda": ("Tilly", "Tilda"),
        "Margaret": ("Maggie", "Meg", "Peggy"),
        "Catherine": ("Kate", "Katie", "Cathy"),
        "Katherine": ("Kate", "Katie", "Kathy"),
        "Jessica": ("Jess", "Jessie"),
        "Rebecca": ("Becky", "Becca"),
        "Rebekah": ("Becky",),
        "Victoria": ("Vicky", "Tori"),
        "Alexandra": ("Alex", "Lexi", "Sasha"),
        "Abigail": ("Abbie", "Abby"),
        "Annabelle": ("Annie", "Belle"),
        "Josephine": ("Josie", "Jo"),
        "Penelope": ("Penny",),
        "Harriet": ("Hattie",),
        "Beatrice": ("Bea",),
        "Georgina": ("Georgie", "Gina"),
        "Jennifer": ("Jen", "Jenny"),
        "Natalie": ("Nat",),
        "Samantha": ("Sam",),
        "Stephanie": ("Steph",),
        "Madison": ("Maddie",),
        "Gabriela": ("Gabi",),
        "Aleksandra": ("Ola",),
        "Zuzanna": ("Zuzia",),
        "Katarzyna": ("Kasia",),
        "Magdalena": ("Magda",),
        "Wiktoria": ("Wiki", "Victoria"),
        "Zofia": ("Zosia", "Sofia"),
        "Aisha": ("Ayesha",),
        "Ayesha": ("Aisha",),
        "Maryam": ("Mariam",),
        "Funmilayo": ("Funmi",),
        "Temitope": ("Tope", "Temi"),
    }
)

# Pairs of different but similar names, for twins and siblings (a generic matcher may treat them as one).
SIMILAR_BOYS: tuple[tuple[str, str], ...] = (
    ("Jack", "Jake"), ("Harry", "Harvey"), ("Alfie", "Albie"), ("Oliver", "Oscar"), ("Leo", "Theo"),
    ("Louis", "Lewis"), ("Riley", "Ryan"), ("Finley", "Finn"), ("Jacob", "Jake"), ("Mason", "Jason"),
    ("Freddie", "Frankie"), ("Ethan", "Evan"), ("Kai", "Kian"), ("Dylan", "Dexter"), ("Aaron", "Adam"),
    ("Muhammad", "Mohammed"), ("Ali", "Amir"), ("Jakub", "Jan"), ("Ronnie", "Reggie"), ("Tommy", "Teddy"),
)
SIMILAR_GIRLS: tuple[tuple[str, str], ...] = (
    ("Amelia", "Emily"), ("Ella", "Ellie"), ("Isla", "Ivy"), ("Lily", "Lucy"), ("Mia", "Maya"),
    ("Sophia", "Sophie"), ("Evie", "Eva"), ("Millie", "Mollie"), ("Grace", "Gracie"), ("Holly", "Hollie"),
    ("Hannah", "Anna"), ("Lola", "Layla"), ("Rosie", "Ruby"), ("Amber", "Amy"), ("Isabel", "Isobel"),
    ("Aisha", "Ayesha"), ("Zainab", "Zara"), ("Zofia", "Zuzanna"), ("Daisy", "Darcie"), ("Phoebe", "Chloe"),
)

# --- Places: synthetic streets and schools ---------------------------------------------------------

STREET_STEMS: tuple[str, ...] = (
    "Oak", "Ash", "Elm", "Birch", "Beech", "Hawthorn", "Rowan", "Willow", "Alder", "Hazel",
    "Holly", "Laurel", "Juniper", "Larch", "Maple", "Cedar", "Chestnut", "Poplar", "Sycamore", "Yew",
    "Victoria", "Albert", "Station", "Church", "Chapel", "Mill", "Park", "Green", "High", "North",
    "South", "East", "West", "Bridge", "Castle", "Priory", "Abbey", "Market", "Garden", "Meadow",
    "Brook", "River", "Moor", "Fell", "Dale", "Hill", "Ridge", "Valley", "Field", "Orchard",
    "Kestrel", "Heron", "Curlew", "Lapwing", "Swallow", "Wren", "Linnet", "Plover", "Merlin", "Osprey",
    "Wensley", "Swale", "Tees", "Skerne", "Wear", "Cleveland", "Raby", "Gainford", "Staindrop", "Cockfield",
    "Haughton", "Harrowgate", "Cockerton", "Faverdale", "Whinfield", "Mowden", "Hummersknott", "Blackwell", "Firthmoor", "Branksome",
    "Stephenson", "Pease", "Backhouse", "Hackworth", "Locomotion", "Rocket", "Sans Pareil", "Derwent", "Eden", "Lune",
)
STREET_SUFFIXES: tuple[str, ...] = (
    "Road", "Street", "Avenue", "Close", "Grove", "Crescent", "Drive", "Lane", "Way", "Gardens",
    "Terrace", "Court", "Place", "View", "Walk", "Mews", "Square", "Rise", "Bank", "Chase",
)
SCHOOL_STEMS: tuple[str, ...] = (
    "Skerne Vale", "Hawthorn", "Northfield", "Westbrook", "Eastgate", "Southmoor", "Riverside", "Fellside", "Moorland",
    "Beechwood", "Oakfield", "Willow Bank", "Kestrel", "Heronsgate", "Brookside", "Meadowfield", "Parkview", "Ridgeway",
    "St Cuthbert's", "St Aidan's", "St Hild's", "St Bede's", "St Oswald's", "St Wilfrid's", "Holy Trinity", "All Saints",
)
PRIMARY_KINDS: tuple[str, ...] = ("Primary School", "Primary Academy", "CE Primary School", "RC Primary School", "Infant School")
SECONDARY_KINDS: tuple[str, ...] = ("Academy", "School", "Secondary School", "Community College", "High School")

# Postcode districts: where the population lives. Most in Darlington (DL1-DL3, DL5) and Durham (DH1),
# some around the region and a few far away (recent movers, placements out of area). Weights are invented.
POSTCODE_DISTRICTS: tuple[tuple[str, float, int], ...] = (
    # (district, weight, DfE-style LA code used to build UPNs)
    ("DL1", 0.22, 841),
    ("DL2", 0.07, 841),
    ("DL3", 0.22, 841),
    ("DL5", 0.08, 840),
    ("DH1", 0.10, 840),
    ("DL4", 0.03, 840),
    ("DL14", 0.04, 840),
    ("DL16", 0.03, 840),
    ("DL17", 0.02, 840),
    ("DH3", 0.02, 840),
    ("TS18", 0.03, 808),
    ("TS1", 0.02, 806),
    ("TS5", 0.02, 806),
    ("DL6", 0.02, 815),
    ("DL7", 0.01, 815),
    ("DL10", 0.02, 815),
    ("NE1", 0.01, 391),
    ("SR1", 0.01, 394),
    ("YO1", 0.01, 816),
    ("LS6", 0.01, 383),
    ("M14", 0.005, 352),
    ("B11", 0.005, 330),
)

# fmt: on

# Letters allowed in the inward code's last two places (no C, I, K, M, O or V).
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
