#pragma once

#include <QString>

class QThreadPool;

namespace chexview {

class PacsError;

/// "code-name: message", as the status line shows a PacsError ("cancelled…" as it is; private to
/// ui/pacs).
QString failureText(const PacsError& e);

/// The pool the Query PACS dialog's network jobs run on: a transfer never waits behind batch
/// decoding or the viewer's image loader, nor they behind it.
QThreadPool* pacsPool();

} // namespace chexview
