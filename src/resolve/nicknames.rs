//! Common English given-name nicknames: `Bob` is `Robert`, `Liz` is
//! `Elizabeth`, `Bill` is `William`.
//!
//! The pairs were written for offgrid from the relations listed in the
//! public-domain "nicknames" list by Carlton Northern
//! (<https://github.com/carltonnorthern/nicknames>, `names.csv`), keeping
//! the common, unambiguous English ones; nothing was copied. A nickname may
//! belong to several formal names (`Alex`: Alexander, Alexandra, Alexis):
//! two given names are compatible when they share a formal name, so `Alex`
//! fits both `Alexander` and `Alexandra`, but those two never fit each other.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// `(formal name, its nicknames)`, lowercase ASCII.
const TABLE: &[(&str, &[&str])] = &[
    ("abigail", &["abby", "abbie", "gail"]),
    ("abraham", &["abe", "bram"]),
    ("adelaide", &["addie", "ada", "della"]),
    ("adrian", &["ade"]),
    ("agnes", &["aggie", "nessa"]),
    ("albert", &["al", "bert", "bertie"]),
    (
        "alexander",
        &["alex", "al", "alec", "sandy", "xander", "lex", "sasha"],
    ),
    (
        "alexandra",
        &["alex", "alexa", "sandra", "sandy", "lexi", "sasha", "allie"],
    ),
    ("alexis", &["alex", "lexi"]),
    ("alfred", &["al", "alf", "alfie", "fred", "freddie"]),
    ("alice", &["allie", "ally"]),
    ("alison", &["ali", "allie", "ally"]),
    ("allen", &["al"]),
    ("amanda", &["mandy", "manda"]),
    ("amelia", &["millie", "amy", "mel"]),
    ("andrew", &["andy", "drew"]),
    ("angela", &["angie"]),
    ("anna", &["annie", "ann", "anne", "nan", "nancy"]),
    ("anne", &["annie", "ann", "nan", "nancy"]),
    ("anthony", &["tony"]),
    ("antonio", &["tony", "toni"]),
    ("archibald", &["archie"]),
    ("arnold", &["arnie"]),
    ("arthur", &["art", "artie"]),
    ("augustus", &["gus", "augie"]),
    ("barbara", &["barb", "barbie", "babs"]),
    ("benedict", &["ben", "benny"]),
    ("benjamin", &["ben", "benji", "benny", "benjy"]),
    ("bernard", &["bernie", "bern"]),
    ("beverly", &["bev"]),
    ("bradley", &["brad"]),
    ("brian", &["bri"]),
    ("bridget", &["biddy", "bridie"]),
    ("calvin", &["cal"]),
    ("cameron", &["cam"]),
    ("camille", &["cami", "millie"]),
    ("caroline", &["carrie", "carol", "caro"]),
    (
        "catherine",
        &["cathy", "cat", "kate", "katie", "kit", "cate"],
    ),
    ("charles", &["charlie", "chuck", "chas", "chaz", "chip"]),
    ("charlotte", &["charlie", "lottie", "lotte"]),
    ("christian", &["chris", "kit"]),
    ("christina", &["chris", "tina", "chrissy", "christie"]),
    ("christine", &["chris", "tina", "chrissy", "christie"]),
    ("christopher", &["chris", "kit", "topher"]),
    ("clarence", &["clare"]),
    ("clifford", &["cliff"]),
    ("constance", &["connie"]),
    ("cornelius", &["neil", "connie"]),
    ("cynthia", &["cindy", "cyndi"]),
    ("daniel", &["dan", "danny"]),
    ("danielle", &["dani", "ellie"]),
    ("david", &["dave", "davey", "davy"]),
    ("deborah", &["deb", "debbie", "debby"]),
    ("dennis", &["denny"]),
    ("dominic", &["dom", "nic"]),
    ("donald", &["don", "donnie"]),
    ("dorothy", &["dot", "dottie", "dolly", "dora"]),
    ("douglas", &["doug"]),
    ("edward", &["ed", "eddie", "ted", "teddy", "ned"]),
    ("edmund", &["ed", "eddie", "ned"]),
    ("edwin", &["ed", "eddie", "win"]),
    ("eleanor", &["ellie", "nell", "nellie", "nora", "elle"]),
    (
        "elizabeth",
        &[
            "liz", "lizzie", "beth", "betty", "betsy", "eliza", "libby", "lisa", "liza", "bess",
            "bessie", "ellie", "elsie",
        ],
    ),
    ("ellen", &["ellie", "nell", "nellie"]),
    ("emily", &["em", "emmy", "millie"]),
    ("emma", &["em", "emmy"]),
    ("eugene", &["gene"]),
    ("evelyn", &["evie", "eve"]),
    ("ezekiel", &["zeke"]),
    ("florence", &["flo", "flossie"]),
    ("frances", &["fran", "frannie", "franny"]),
    ("francis", &["frank", "fran"]),
    ("frederick", &["fred", "freddie", "freddy", "rick", "fritz"]),
    ("gabriel", &["gabe"]),
    ("gabrielle", &["gabby", "gabi", "elle"]),
    ("geoffrey", &["geoff", "jeff"]),
    ("gerald", &["gerry", "jerry"]),
    ("gertrude", &["gertie", "trudy"]),
    ("gilbert", &["gil", "bert"]),
    ("gregory", &["greg"]),
    ("gwendolyn", &["gwen", "wendy"]),
    ("harold", &["hal", "harry"]),
    ("harriet", &["hattie", "hatty"]),
    ("henry", &["hank", "harry", "hal", "hen"]),
    ("herbert", &["herb", "bert"]),
    ("howard", &["howie"]),
    ("isaac", &["ike", "zack"]),
    ("isabel", &["izzy", "bella", "belle", "isa"]),
    ("isabella", &["izzy", "bella", "belle", "isa"]),
    ("jacob", &["jake", "jack", "coby"]),
    ("jacqueline", &["jackie", "jacqui"]),
    ("james", &["jim", "jimmy", "jamie", "jem"]),
    ("jane", &["janie", "jenny"]),
    ("janet", &["jan", "jenny", "nettie"]),
    ("jasmine", &["jas", "jazz"]),
    ("jeffrey", &["jeff"]),
    ("jennifer", &["jen", "jenny", "jenn"]),
    ("jeremiah", &["jerry", "jem"]),
    ("jeremy", &["jerry", "jem"]),
    ("jessica", &["jess", "jessie"]),
    ("joanna", &["jo", "joanie"]),
    ("joanne", &["jo", "joanie"]),
    ("john", &["jack", "johnny", "jon", "jonny"]),
    ("jonathan", &["jon", "jonny", "nathan", "nate"]),
    ("joseph", &["joe", "joey", "jos"]),
    ("josephine", &["jo", "josie", "posy"]),
    ("joshua", &["josh"]),
    ("judith", &["judy", "jude"]),
    ("julia", &["jules", "julie"]),
    ("julian", &["jules"]),
    (
        "katherine",
        &["kathy", "kate", "katie", "kat", "kay", "kit", "kitty"],
    ),
    ("kathleen", &["kathy", "kate", "katie", "kat", "kay"]),
    ("kenneth", &["ken", "kenny"]),
    ("kimberly", &["kim", "kimmy"]),
    ("lawrence", &["larry", "laurie", "lars"]),
    ("leonard", &["leo", "len", "lenny"]),
    ("leslie", &["les"]),
    ("lillian", &["lily", "lil", "lillie"]),
    ("louis", &["lou", "louie"]),
    ("louise", &["lou", "lulu"]),
    ("lucille", &["lucy", "lu"]),
    ("lucinda", &["lucy", "cindy"]),
    ("madeline", &["maddie", "maddy", "madge"]),
    (
        "margaret",
        &[
            "maggie", "meg", "peggy", "marge", "margie", "greta", "daisy", "molly", "peg", "rita",
        ],
    ),
    ("marjorie", &["marge", "margie", "jorie"]),
    ("martha", &["marty", "mattie", "patty"]),
    ("martin", &["marty"]),
    ("mary", &["molly", "polly", "mae", "mamie"]),
    ("matilda", &["tilly", "tillie", "maud"]),
    ("matthew", &["matt", "matty"]),
    ("maximilian", &["max"]),
    ("maxwell", &["max"]),
    ("melanie", &["mel"]),
    ("melissa", &["mel", "missy", "lissa"]),
    ("michael", &["mike", "mikey", "mick", "mickey", "mitch"]),
    ("michelle", &["shelly", "chelle"]),
    ("mildred", &["millie"]),
    ("miriam", &["mimi"]),
    ("mitchell", &["mitch"]),
    ("montgomery", &["monty"]),
    ("nathan", &["nate", "nat"]),
    ("nathaniel", &["nate", "nat", "nathan", "than"]),
    ("nicholas", &["nick", "nicky", "nico", "colin"]),
    ("nicole", &["nicky", "nikki", "cole"]),
    ("norman", &["norm"]),
    ("oliver", &["ollie", "noll"]),
    ("olivia", &["liv", "livvy", "ollie"]),
    ("oswald", &["ozzie", "oz"]),
    ("pamela", &["pam"]),
    ("patricia", &["pat", "patty", "patsy", "tricia", "trish"]),
    ("patrick", &["pat", "paddy", "rick"]),
    ("penelope", &["penny", "nell"]),
    ("peter", &["pete"]),
    ("philip", &["phil", "pip"]),
    ("phillip", &["phil", "pip"]),
    ("priscilla", &["cilla", "prissy"]),
    ("rachel", &["rae", "shelly"]),
    ("raymond", &["ray"]),
    ("rebecca", &["becky", "becca", "reba"]),
    ("reginald", &["reg", "reggie"]),
    ("richard", &["rich", "rick", "ricky", "dick", "richie"]),
    (
        "robert",
        &["bob", "bobby", "rob", "robbie", "bert", "robin"],
    ),
    ("roberta", &["bobbie", "robbie", "bertie"]),
    ("rodney", &["rod"]),
    ("ronald", &["ron", "ronnie"]),
    ("rosalind", &["ros", "roz", "rosie"]),
    ("rose", &["rosie"]),
    ("rosemary", &["rosie", "rose"]),
    ("russell", &["russ"]),
    ("samantha", &["sam", "sammy"]),
    ("samuel", &["sam", "sammy"]),
    ("sarah", &["sally", "sadie"]),
    ("sebastian", &["seb", "bastian"]),
    ("sharon", &["shari"]),
    ("sophia", &["sophie"]),
    ("stanley", &["stan"]),
    ("stephanie", &["steph", "stephie", "stevie"]),
    ("stephen", &["steve", "stevie"]),
    ("steven", &["steve", "stevie"]),
    ("susan", &["sue", "susie", "suzy"]),
    ("suzanne", &["sue", "susie", "suzy"]),
    ("sylvester", &["sly", "vester"]),
    ("terence", &["terry"]),
    ("theodore", &["ted", "teddy", "theo"]),
    ("theresa", &["terry", "tess", "tessa", "tracy"]),
    ("thomas", &["tom", "tommy"]),
    ("timothy", &["tim", "timmy"]),
    ("tobias", &["toby"]),
    ("valerie", &["val"]),
    ("vanessa", &["nessa", "van"]),
    ("veronica", &["ronnie", "nicky", "vera"]),
    ("victor", &["vic"]),
    ("victoria", &["vicky", "tori", "vic"]),
    ("vincent", &["vince", "vinny"]),
    ("virginia", &["ginny", "ginger"]),
    ("walter", &["walt", "wally"]),
    ("wilfred", &["will", "fred", "wilf"]),
    ("wilhelmina", &["mina", "willa", "minnie"]),
    (
        "william",
        &["bill", "billy", "will", "willy", "liam", "willie"],
    ),
    ("winifred", &["winnie", "freda"]),
    ("zachary", &["zach", "zack", "zak"]),
];

/// For each name: the formal names it stands for (itself included).
fn index() -> &'static BTreeMap<&'static str, BTreeSet<&'static str>> {
    static INDEX: OnceLock<BTreeMap<&'static str, BTreeSet<&'static str>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map: BTreeMap<&'static str, BTreeSet<&'static str>> = BTreeMap::new();
        for &(formal, nicks) in TABLE {
            map.entry(formal).or_default().insert(formal);
            for &n in nicks {
                map.entry(n).or_default().insert(formal);
            }
        }
        map
    })
}

/// Whether two different given names are nickname and formal name (`bob`,
/// `robert`) or two nicknames of one formal name (`bob`, `bobby`).
pub fn related(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let idx = index();
    match (idx.get(a), idx.get(b)) {
        (Some(x), Some(y)) => x.intersection(y).next().is_some(),
        _ => false,
    }
}

/// Whether one of two given names is a formal name the other stands for
/// (`bob`, `robert`), or both are spellings of one nickname (`abby`,
/// `abbie`), rather than two nicknames of a third name (`kay`, `kit`: both
/// Katherine), which a person does not go by at once.
pub fn direct(a: &str, b: &str) -> bool {
    a == b
        || stands_for(a, b)
        || stands_for(b, a)
        || (related(a, b) && diminutive_stem(a) == diminutive_stem(b))
}

/// A nickname without its diminutive ending, so that spellings of one
/// nickname meet (`abbie`, `abby`: `abb`).
fn diminutive_stem(name: &str) -> &str {
    ["ie", "ey", "y", "i"]
        .iter()
        .find_map(|end| name.strip_suffix(end).filter(|stem| stem.len() >= 2))
        .unwrap_or(name)
}

/// Whether `nick` is a nickname of the formal name `formal` (`bob`,
/// `robert`).
pub fn stands_for(nick: &str, formal: &str) -> bool {
    nick != formal && index().get(nick).is_some_and(|set| set.contains(formal))
}

/// The given names that fit `name` directly: itself, the formal names it
/// stands for, and the nicknames of it (`beth`: beth, elizabeth; `robert`:
/// robert, bob, bobby, rob, ...).
pub fn direct_relatives(name: &str) -> Vec<&str> {
    let mut out = vec![name];
    if let Some(formals) = index().get(name) {
        out.extend(formals.iter().copied().filter(|&f| f != name));
    }
    static FORMAL: OnceLock<BTreeMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    let formal = FORMAL.get_or_init(|| {
        let mut map: BTreeMap<&'static str, Vec<&'static str>> = BTreeMap::new();
        for &(f, nicks) in TABLE {
            map.entry(f).or_default().extend_from_slice(nicks);
        }
        map
    });
    if let Some(nicks) = formal.get(name) {
        out.extend(nicks.iter().copied());
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The name `name` is counted as when counting people: itself when it is
/// a formal name or not in the table, else the first formal name it stands
/// for (`pete` → `peter`), so `Peter` and `Pete` count as one.
pub fn canonical(name: &str) -> &str {
    match index().get(name) {
        Some(formals) if !formals.contains(name) => formals.first().copied().unwrap_or(name),
        _ => name,
    }
}

/// Whether `name` is in the table at all (a known given name).
pub fn is_known_given(name: &str) -> bool {
    index().contains_key(name)
}

/// Every pair in the table, for the synthetic generator:
/// `(formal, nickname)`.
pub fn pairs() -> impl Iterator<Item = (&'static str, &'static str)> {
    TABLE
        .iter()
        .flat_map(|&(formal, nicks)| nicks.iter().map(move |&n| (formal, n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nicknames_fit_their_formal_names_only() {
        assert!(related("bob", "robert"));
        assert!(related("robert", "bob"));
        assert!(related("bobby", "bob"));
        assert!(related("liz", "elizabeth"));
        assert!(related("bill", "william"));
        assert!(related("alex", "alexandra"));
        assert!(!related("alexander", "alexandra"));
        assert!(!related("robert", "roberta"));
        assert!(!related("bob", "william"));
        assert!(!related("zed", "zod"));
        assert!(direct("abby", "abbie"));
        assert!(!direct("beth", "lisa"));
        assert!(!direct("bob", "rob"));
        assert!(pairs().count() > 400, "{}", pairs().count());
    }
}
