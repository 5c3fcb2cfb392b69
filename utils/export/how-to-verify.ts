/**
 * `HOW-TO-VERIFY.txt`: plain-language steps for a court clerk, a lawyer or a police officer to
 * check, offline, that no file of the evidence bundle changed since it was exported. ASCII only,
 * CRLF line ends, so that every text editor (Windows Notepad included) shows it as written.
 */

export interface HowToVerifyFacts {
  /** Tool name and version, e.g. `Holdfast 0.1.0`. */
  tool: string;
  /** When the bundle was exported, UTC ISO 8601. */
  exportedAt: string;
  /** Name of the file that holds the manifest digest, when the bundle has one. */
  digestFile?: string;
}

/** The text of `HOW-TO-VERIFY.txt` (LF line ends). */
export function howToVerifyText(facts: HowToVerifyFacts): string {
  const digestFile = facts.digestFile ? ascii(facts.digestFile) : null;
  return `HOW TO CHECK THIS EVIDENCE BUNDLE
=================================

This folder is an evidence bundle exported by ${ascii(facts.tool)} on ${ascii(facts.exportedAt)} (UTC).
It holds screenshots and other records of online content, captured by the person
who gave it to you, and the means to check that none of it was changed afterwards.
You do not need an internet connection or any special software to check it.


1. WHAT THE FILES ARE
---------------------

  report.html       The readable record: every capture in the order it was taken,
                    with its screenshot, web address, times and fingerprints.
                    Open it in any web browser. It can be printed.
  report.pdf        The same record as a PDF document.
  log.csv           One line per capture, for a spreadsheet program.
  captures/         One folder per capture. Each holds the original files:
                      screenshot.png  the picture of the screen, exactly as taken
                      text.txt        the text of the page
                      metadata.json   everything recorded about the capture
  manifest.json     The list of every file with its size and SHA-256 fingerprint.
  SHA256SUMS        The same fingerprints in the standard format that the
                    "sha256sum" program reads.
${digestFile ? `  ${digestFile.padEnd(16)}  The fingerprint of manifest.json itself.\n` : ''}  verify.html       A checking program that runs in your web browser, offline.
  HOW-TO-VERIFY.txt This text.

A SHA-256 fingerprint is a 64-character code computed from every byte of a file.
If even one byte of the file changes, the fingerprint is completely different.
The fingerprints were computed when each capture was taken and again when the
bundle was exported.

First unzip the bundle if you received it as a .zip file (on Windows: right-click,
"Extract All"; on a Mac: double-click).


2. CHECK WITH YOUR WEB BROWSER (easiest)
----------------------------------------

  a. Open the unzipped folder and double-click verify.html. It opens in your web
     browser (Chrome, Edge, Firefox or Safari). It makes no internet connection.
  b. Click "Choose the bundle folder" and select this folder (the one that holds
     manifest.json). Your browser may ask you to confirm that the page may read
     the folder ("Upload"): nothing is uploaded anywhere, the files are only read
     on this computer. You can also drop the .zip file onto the page instead.
  c. The page recomputes the fingerprint of every file and shows each file as:
       OK          the file is exactly as it was when the bundle was exported
       CHANGED     the file is different: at least one byte changed
       MISSING     the file is listed in the manifest but is not in the folder
       UNEXPECTED  the file is in the folder but is not listed in the manifest
  d. It also shows the manifest digest (the fingerprint of manifest.json).
     Compare it with the "Manifest digest" printed on the cover of report.html or
     report.pdf, and with any copy of it you received separately. If they are the
     same, the list of files is the one the report was made from.


3. CHECK WITH THE COMMAND LINE
------------------------------

Open a terminal in the unzipped folder (the one that holds SHA256SUMS).

  Linux:
      sha256sum -c SHA256SUMS

  macOS (Terminal):
      shasum -a 256 -c SHA256SUMS

  Each file is listed with "OK" or "FAILED". A missing file is reported as
  "No such file or directory". The last line sums up any problem. These
  commands check every file listed in SHA256SUMS; they do not notice a file
  that was added to the folder (verify.html does).

  Windows (PowerShell: in the folder, Shift + right-click, "Open PowerShell window
  here", then paste these lines and press Enter):

      Get-Content -Encoding UTF8 SHA256SUMS | ForEach-Object {
        $expected, $file = $_ -split '  ', 2
        if (-not (Test-Path -LiteralPath $file)) { "MISSING  $file" }
        elseif ((Get-FileHash -Algorithm SHA256 -LiteralPath $file).Hash -eq $expected) { "OK       $file" }
        else { "CHANGED  $file" }
      }

  Windows (Command Prompt, one file at a time):

      certutil -hashfile "captures\\0001_...\\screenshot.png" SHA256

  and compare the result with the line for that file in SHA256SUMS (capital and
  small letters do not matter).

  To see the manifest digest on any system, compute the fingerprint of
  manifest.json alone (sha256sum manifest.json, shasum -a 256 manifest.json, or
  certutil -hashfile manifest.json SHA256) and compare it with the cover of the
  report.


4. WHAT A PROBLEM MEANS
-----------------------

  All files OK: no file was changed, added or removed since the bundle was
  exported, and every capture is byte for byte what was stored when it was
  taken.

  CHANGED: that file is not the one that was exported. It may have been edited,
  re-saved by another program (some programs re-save pictures when they are
  opened), or damaged when copied. Ask for a fresh copy of the bundle. The other
  files, if OK, are still intact.

  MISSING: a file listed in the manifest is not in the folder. It may have been
  deleted or not copied.

  UNEXPECTED: a file is in the folder but was not part of the export. Operating
  systems sometimes add such files (".DS_Store", "Thumbs.db", "desktop.ini");
  anything else was added after the export. It does not affect the other files.

  If manifest.json itself is CHANGED or its digest differs from the one on the
  report, the list of fingerprints cannot be trusted: ask for a fresh copy.

The fingerprints show that the files did not change after they were captured.
They do not by themselves show who captured them or that the web page said what
it said; the report records who exported the bundle, when, and with which tool.
`;
}

/** The bytes of `HOW-TO-VERIFY.txt`: ASCII, CRLF line ends. */
export function renderHowToVerify(facts: HowToVerifyFacts): Uint8Array {
  return new TextEncoder().encode(howToVerifyText(facts).replace(/\r?\n/g, '\r\n'));
}

/** Keeps the file ASCII whatever the tool name says. */
function ascii(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?');
}
