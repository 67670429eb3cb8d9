package io.fractallba.cost.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Renders a page in the machine's headless Chromium (Debian package {@code chromium}; dev/test installs it). */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    static Path binary() {
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        throw new IllegalStateException("headless Chromium is needed for the analyst page test: apt-get install chromium "
                + "(dev/test does this)");
    }

    /** The DOM after the page's scripts ran (virtual time budget), and a screenshot for a human to look at. */
    static String dumpDom(String url, Path screenshot) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        Files.createDirectories(screenshot.toAbsolutePath().getParent());
        run(List.of("--screenshot=" + screenshot.toAbsolutePath(), "--window-size=1000,800"), url, profile);
        return run(List.of("--dump-dom"), url, profile);
    }

    private static String run(List<String> extra, String url, Path profile) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=15000"));
        cmd.addAll(extra);
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish rendering " + url);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
