#pragma once

#include <QString>

class QThreadPool;

namespace chexview {

class PacsError;

/// "code-name: message", as the status line shows a PacsError ("cancelled…" as it is; private to
/// ui: the Query PACS dialog and the stored-results panel).
QString failureText(const PacsError& e);

/// The pool the PACS network jobs run on (the Query PACS dialog's, the stored-results panel's):
/// a transfer never waits behind batch decoding or the viewer's image loader, nor they behind
/// it.
QThreadPool* pacsPool();

} // namespace chexview
