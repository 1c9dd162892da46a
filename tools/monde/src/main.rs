//! Converts the npm data the experience records need, once, into compact files
//! shipped in `assets/monde/` and embedded by ancrage (`include_bytes!`):
//! the French country names of `i18n-iso-countries` (MIT) become `pays.tsv`;
//! Natural Earth's 1:110m country shapes from `world-atlas` (public domain)
//! become `monde.bin`, projected (Equal Earth), simplified and quantised.
//!
//! Usage: `ancrage-monde <i18n-iso-countries package> <assets/monde> [<world-atlas package>]`.

mod shapes;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::Value;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (countries, out, atlas) = match args.as_slice() {
        [_, countries, out] => (countries, out, None),
        [_, countries, out, atlas] => (countries, out, Some(atlas)),
        _ => {
            eprintln!(
                "usage : ancrage-monde <paquet i18n-iso-countries> <dossier de sortie> [<paquet world-atlas>]"
            );
            std::process::exit(2);
        }
    };
    let table = names(Path::new(countries));
    let path = Path::new(out).join("pays.tsv");
    fs::write(&path, table).expect("écriture de pays.tsv");
    eprintln!("écrit : {}", path.display());
    if let Some(atlas) = atlas {
        let bytes = shapes::convert(&Path::new(atlas).join("countries-110m.json"));
        let path = Path::new(out).join("monde.bin");
        fs::write(&path, &bytes).expect("écriture de monde.bin");
        eprintln!("écrit : {} ({} octets)", path.display(), bytes.len());
    }
}

/// One line per ISO 3166-1 country: alpha-2 code, numeric code (the key of
/// Natural Earth's shapes in world-atlas), French name; sorted by code.
fn names(package: &Path) -> String {
    let read = |name: &str| -> Value {
        let text = fs::read_to_string(package.join(name)).expect("fichier du paquet");
        serde_json::from_str(&text).expect("JSON valide")
    };
    let fr = read("langs/fr.json");
    let codes = read("codes.json");
    let numeric: BTreeMap<&str, &str> = codes
        .as_array()
        .expect("codes.json is a list")
        .iter()
        .filter_map(|row| Some((row.get(0)?.as_str()?, row.get(2)?.as_str()?)))
        .collect();
    let mut out =
        String::from("# code\tnumerique\tnom (i18n-iso-countries 7.14.0, langs/fr.json)\n");
    let countries = fr["countries"].as_object().expect("countries");
    for (code, name) in countries {
        // A few entries give several names: the first is the usual one.
        let name = match name {
            Value::Array(names) => names[0].as_str().expect("a name"),
            other => other.as_str().expect("a name"),
        };
        let number = numeric.get(code.as_str()).copied().unwrap_or("");
        out.push_str(&format!("{code}\t{number}\t{name}\n"));
    }
    out
}
