// Runs Apache PDFBox Preflight (PDF/A-1b) on every file named on the command
// line in one JVM, and prints one line per finding: `path<TAB>code<TAB>details`,
// then `path<TAB>fin` once the file is done. `tests/tagged.rs` starts it with
// `java -cp <jars> tests/preflight/Preflight.java <files>` and decides which
// findings apply to PDF/A-2 (see docs/accessibilite.md).
import java.io.File;
import org.apache.pdfbox.preflight.PreflightDocument;
import org.apache.pdfbox.preflight.ValidationResult;
import org.apache.pdfbox.preflight.exception.SyntaxValidationException;
import org.apache.pdfbox.preflight.parser.PreflightParser;

public class Preflight {
    public static void main(String[] args) throws Exception {
        for (String path : args) {
            ValidationResult result;
            PreflightParser parser = new PreflightParser(new File(path));
            try {
                parser.parse();
                try (PreflightDocument document = parser.getPreflightDocument()) {
                    document.validate();
                    result = document.getResult();
                }
            } catch (SyntaxValidationException e) {
                result = e.getResult();
            }
            for (ValidationResult.ValidationError error : result.getErrorsList()) {
                String details = String.valueOf(error.getDetails()).replace('\n', ' ').replace('\t', ' ');
                System.out.println(path + "\t" + error.getErrorCode() + "\t" + details);
            }
            System.out.println(path + "\tfin");
        }
    }
}
