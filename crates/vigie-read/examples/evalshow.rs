fn main() {
    let args: Vec<String> = std::env::args().collect();
    let html = std::fs::read_to_string(&args[1]).unwrap();
    let ex = match args[2].as_str() { "legacy" => vigie_read::Extractor::Legacy, "prl" => vigie_read::Extractor::PrunedLegacy, _ => vigie_read::Extractor::PrunedRs };
    println!("{}", vigie_read::article_body(&html, ex));
}
