#pragma once

#include <QMutex>
#include <QString>

namespace chexview {

class DicomWebClient;
class DimseClient;
class PacsError;

/// The clients of the PACS operation in flight, so that the GUI thread can cancel them
/// (private to ui/pacs; guarded by its mutex).
struct Running
{
    QMutex mutex;
    DicomWebClient* web = nullptr;
    DimseClient* dimse = nullptr;
};
extern Running g_running;

/// "code-name: message", as the status line shows a PacsError.
QString failureText(const PacsError& e);

} // namespace chexview
