#pragma once

#include <QString>

namespace CacheScope {

class Reference;

// The one line that says what a status code means, from the reference data, with the entry to open for more.
struct StatusExplanation
{
    int code = 0; // the code explained
    // The code to open in the reference: `code` itself when it is in 100..599 (for a code nobody registered the
    // reference shows its class fallback), 0 when there is nothing to open (0, 999: not a status code).
    int referenceCode = 0;
    QString text; // "The copy the client already has is still valid: reuse it; no content follows."
    QString details; // for a tooltip: title, the line in full, the specification
};

// Known codes give their summary (marked when unofficial, obsolete or proposed); valid codes nobody defined get
// the RFC 9110 §15 class rule ("clients treat it as 500"); 0 means no response; anything else outside 100..599
// says it is not a status code. Never an empty text.
StatusExplanation explainStatus(const Reference &reference, int code);

} // namespace CacheScope
