//! The XMP metadata packet of the catalog (`/Metadata`): Dublin Core title, creator,
//! description and language, the PDF and XMP basic properties, and the PDF/A-2
//! and PDF/UA-1 identification, with the PDF/A extension schema that declares the
//! `pdfuaid` namespace (PDF/A only allows predefined schemas without one).
//!
//! Written by hand: the packet is small and fixed, and every value goes through
//! [`escape`]. Each value equals its Info dictionary counterpart, as PDF/A requires.

use std::fmt::Write as _;

use super::Metadata;

/// The PDF/A-2 conformance level: `U` when every glyph maps to Unicode, else `B`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conformance {
    /// Visual appearance only (PDF/A-2b).
    B,
    /// Visual appearance and Unicode text (PDF/A-2u).
    U,
}

/// The values shared by the Info dictionary and the XMP packet.
#[derive(Debug, Clone, PartialEq)]
pub struct Fields {
    /// `/Title` ↔ `dc:title`.
    pub title: String,
    /// `/Author` ↔ `dc:creator`.
    pub author: Option<String>,
    /// `/Subject` ↔ `dc:description`.
    pub subject: Option<String>,
    /// `/Keywords` ↔ `pdf:Keywords`.
    pub keywords: Option<String>,
    /// `/Creator` ↔ `xmp:CreatorTool`.
    pub creator: String,
    /// `/Producer` ↔ `pdf:Producer`.
    pub producer: String,
    /// Year, month, day: `/CreationDate`, `/ModDate` ↔ `xmp:CreateDate`, `xmp:ModifyDate`.
    pub date: Option<(u16, u8, u8)>,
}

impl Fields {
    /// The fields of `meta`, with the tool names of this build.
    pub fn new(meta: &Metadata) -> Fields {
        let creator = format!("ancrage {}", env!("CARGO_PKG_VERSION"));
        Fields {
            title: clean(&meta.title),
            author: meta.author.as_deref().map(clean),
            subject: meta.subject.as_deref().map(clean),
            keywords: (!meta.keywords.is_empty()).then(|| clean(&meta.keywords.join(", "))),
            producer: format!("{creator} (printpdf 0.12, lopdf 0.44)"),
            creator,
            date: meta.date,
        }
    }

    /// The date in PDF form, `D:YYYYMMDD000000Z`.
    pub fn pdf_date(&self) -> Option<String> {
        self.date
            .map(|(y, m, d)| format!("D:{y:04}{m:02}{d:02}000000Z"))
    }

    /// The date in XMP form, `YYYY-MM-DDT00:00:00Z`.
    pub fn xmp_date(&self) -> Option<String> {
        self.date
            .map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}T00:00:00Z"))
    }
}

/// Drops the control characters XML 1.0 cannot hold (all below U+0020 except tab,
/// line feed and carriage return), so that Info and XMP keep the same value.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| *c >= ' ' || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// Escapes text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Kept as character references: a raw CR would be normalised away.
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// The XMP packet, in UTF-8.
pub fn packet(fields: &Fields, lang: &str, conformance: Conformance) -> String {
    let mut x = String::with_capacity(4096);
    x.push_str("<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    // The extension schema comes first and in its own description: validators
    // (PDFBox's xmpbox among them) register it before reading the properties it
    // declares, and reject `pdfuaid:part` when they meet it earlier.
    x.push_str(
        "  <rdf:Description rdf:about=\"\"\
         \n    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\
         \n    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\
         \n    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n",
    );
    x.push_str(EXTENSION_SCHEMA);
    x.push_str("  </rdf:Description>\n");
    x.push_str(
        "  <rdf:Description rdf:about=\"\"\
         \n    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\
         \n    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\
         \n    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\
         \n    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\
         \n    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n",
    );
    x.push_str("   <dc:format>application/pdf</dc:format>\n");
    let _ = writeln!(
        x,
        "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>",
        escape(&fields.title)
    );
    if let Some(author) = &fields.author {
        let _ = writeln!(
            x,
            "   <dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>",
            escape(author)
        );
    }
    if let Some(subject) = &fields.subject {
        let _ = writeln!(
            x,
            "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>",
            escape(subject)
        );
    }
    let _ = writeln!(
        x,
        "   <dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>",
        escape(lang)
    );
    let _ = writeln!(
        x,
        "   <pdf:Producer>{}</pdf:Producer>",
        escape(&fields.producer)
    );
    if let Some(keywords) = &fields.keywords {
        let _ = writeln!(x, "   <pdf:Keywords>{}</pdf:Keywords>", escape(keywords));
    }
    let _ = writeln!(
        x,
        "   <xmp:CreatorTool>{}</xmp:CreatorTool>",
        escape(&fields.creator)
    );
    if let Some(date) = fields.xmp_date() {
        let _ = writeln!(x, "   <xmp:CreateDate>{date}</xmp:CreateDate>");
        let _ = writeln!(x, "   <xmp:ModifyDate>{date}</xmp:ModifyDate>");
    }
    x.push_str("   <pdfaid:part>2</pdfaid:part>\n");
    let _ = writeln!(
        x,
        "   <pdfaid:conformance>{}</pdfaid:conformance>",
        match conformance {
            Conformance::B => "B",
            Conformance::U => "U",
        }
    );
    x.push_str("   <pdfuaid:part>1</pdfuaid:part>\n");
    x.push_str("  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n");
    // Room for editors to rewrite the packet in place (the XMP convention).
    for _ in 0..8 {
        x.push_str(&" ".repeat(99));
        x.push('\n');
    }
    x.push_str("<?xpacket end=\"w\"?>");
    x
}

/// The PDF/A extension schema declaring `pdfuaid:part` (ISO 19005-2, 6.6.2.3.3).
const EXTENSION_SCHEMA: &str = "   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType=\"Resource\">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType=\"Resource\">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped() {
        let meta = Metadata {
            title: "Eau & <assainissement> \"A\" l'été".into(),
            lang: "fr-FR".into(),
            ..Metadata::default()
        };
        let x = packet(&Fields::new(&meta), "fr-FR", Conformance::U);
        assert!(x.contains("Eau &amp; &lt;assainissement&gt; &quot;A&quot; l&apos;été</rdf:li>"));
        assert!(!x.contains("CreateDate"));
    }

    #[test]
    fn dates_match() {
        let meta = Metadata {
            date: Some((2025, 3, 7)),
            ..Metadata::default()
        };
        let f = Fields::new(&meta);
        assert_eq!(f.pdf_date().unwrap(), "D:20250307000000Z");
        assert_eq!(f.xmp_date().unwrap(), "2025-03-07T00:00:00Z");
        assert!(packet(&f, "fr", Conformance::B).contains("<xmp:CreateDate>2025-03-07T00:00:00Z<"));
    }
}
