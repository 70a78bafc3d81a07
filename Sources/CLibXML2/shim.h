#ifndef TRUEUP_CLIBXML2_SHIM_H
#define TRUEUP_CLIBXML2_SHIM_H

// libxml2 built with ICU makes encoding.h include the system's <unicode/ucnv.h>. Swift 6.3.0 and 6.3.1
// on Debian/Ubuntu then see two different `enum UErrorCode`s, the system ICU's here and the newer one in
// Foundation's _FoundationICU, and refuse to build any module that imports both
// (swiftlang/swift-foundation-icu#93, fixed in Swift 6.3.2). TrueUp never touches the ICU members of
// xmlCharEncodingHandler (the only declarations the macro guards; the library itself is unchanged),
// so the ICU headers are left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlreader.h>

// A few libxml2 messages skip the structured error handler and go straight to the printf-style
// generic error channel, which prints to stderr ("Unimplemented block at xmlschemas.c:..." when a
// schema-validated stream meets an entity reference). Swift cannot implement or name a C variadic
// function, so these helpers, used only by TrueUpXML (Sources/TrueUpXML/LibXML.swift), point this thread's generic channel at a
// function that drops the message and put the previous one back afterwards. Every error that matters
// also reaches the structured handler, which LibXML.swift collects into the error it throws.
static inline void trueup_xml_drop_generic_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

static inline void trueup_xml_silence_generic_errors(void **saved_handler, void **saved_context) {
    *saved_handler = (void *)xmlGenericError;
    *saved_context = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, trueup_xml_drop_generic_error);
}

static inline void trueup_xml_restore_generic_errors(void *saved_handler, void *saved_context) {
    xmlSetGenericErrorFunc(saved_context, (xmlGenericErrorFunc)saved_handler);
}

#endif
