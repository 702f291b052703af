#pragma once

#include <QString>
#include <QStringList>

#include <dcmtk/dcmnet/scu.h>

namespace chexview {

/// What a C-GET or C-MOVE ended with (private to chexview_pacs): the last response's status and
/// sub-operation counts, and the texts its errors are made of (what was received and kept, the
/// instances that were not, the problems of the received ones). Shared by both retrieves.
struct RetrieveOutcome
{
    Uint16 status = 0;
    Uint16 failed = 0;
    Uint16 completed = 0;
    Uint16 warnings = 0;
    QString kept;     ///< "N instance(s) received and kept"
    QString missing;  ///< "; not received: …" or ""
    QString problems; ///< "; …" or ""

    /// Reads (and deletes) the responses: the last one's status and counts.
    static RetrieveOutcome collect(OFList<RetrieveResponse*>& responses);
    /// collect(), then releases the association, or aborts it when the request failed.
    static RetrieveOutcome finish(DcmSCU& scu, const OFCondition& request,
                                  OFList<RetrieveResponse*>& responses);
    /// What reached the cache, once nothing more can arrive.
    void setReceived(int received, const QStringList& problems, const QString& missing);
    /// Throws PacsError Cancelled when `cancelled`, Truncated when the request failed (e.g. the
    /// association dropped), each with what was kept and what was not.
    void throwIfStopped(const char* operation, bool cancelled, const OFCondition& request) const;
};

} // namespace chexview
