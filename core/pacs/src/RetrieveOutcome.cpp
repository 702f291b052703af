#include "RetrieveOutcome.h"

#include "DimseAssociation.h"
#include "chexview/pacs/PacsError.h"

namespace chexview {

RetrieveOutcome RetrieveOutcome::collect(OFList<RetrieveResponse*>& responses)
{
    RetrieveOutcome o;
    for (RetrieveResponse* r : responses) {
        o.status = r->m_status;
        o.failed = r->m_numberOfFailedSubops;
        o.completed = r->m_numberOfCompletedSubops;
        o.warnings = r->m_numberOfWarningSubops;
        delete r;
    }
    responses.clear();
    return o;
}

RetrieveOutcome RetrieveOutcome::finish(DcmSCU& scu, const OFCondition& request,
                                        OFList<RetrieveResponse*>& responses)
{
    const RetrieveOutcome o = collect(responses);
    if (request.bad())
        scu.abortAssociation();
    else
        DimseAssociation::release(scu);
    return o;
}

void RetrieveOutcome::setReceived(int received, const QStringList& problemList,
                                  const QString& missingText)
{
    kept = QStringLiteral("%1 instance(s) received and kept").arg(received);
    problems = problemList.isEmpty() ? QString() : QStringLiteral("; ") + problemList.join("; ");
    missing = missingText;
}

void RetrieveOutcome::throwIfStopped(const char* operation, bool cancelled,
                                     const OFCondition& request) const
{
    if (cancelled)
        throw PacsError(PacsError::Code::Cancelled, QStringLiteral("cancelled; ") + kept + missing);
    if (request.bad())
        throw PacsError(PacsError::Code::Truncated,
                        QStringLiteral("%1 stopped: %2; %3%4%5")
                            .arg(QLatin1String(operation), QString::fromLatin1(request.text()),
                                 kept, missing, problems));
}

} // namespace chexview
