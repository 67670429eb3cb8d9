package io.fractallba.e2e.bench;

/** Replacing one {@code ## } section of a Markdown page, for a harness section re-measured on its own. */
final class Sections {

    private Sections() {
    }

    /** The page with the section that starts with {@code heading} replaced by {@code section}, or it appended. */
    static String replace(String page, String heading, String section) {
        String body = section.endsWith("\n") ? section : section + "\n";
        int start = page.indexOf(heading + "\n");
        if (start < 0) {
            return page + (page.endsWith("\n\n") ? "" : "\n") + body;
        }
        int end = page.indexOf("\n## ", start + heading.length());
        return page.substring(0, start) + body + (end < 0 ? "" : page.substring(end + 1));
    }
}
