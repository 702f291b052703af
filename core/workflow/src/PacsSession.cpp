#include "chexview/workflow/PacsSession.h"

#include "chexview/pacs/DicomWebClient.h"
#include "chexview/pacs/DimseClient.h"
#include "chexview/pacs/PacsError.h"

namespace chexview {

namespace {

DicomWebClient::Limits webLimits(const PacsSession::Options& o)
{
    DicomWebClient::Limits limits;
    limits.stepTimeoutMs = o.timeoutSeconds * 1000;
    return limits;
}

/// Runs `call` on a fresh client of the session's protocol, with the token hooked to it.
template <typename Result, typename Web, typename Dimse>
Result withClient(const PacsNode& node, const PacsSession::Options& o, const CancelToken& cancel,
                  Web&& web, Dimse&& dimse)
{
    if (cancel.isCancelled())
        throw PacsError(PacsError::Code::Cancelled, QStringLiteral("cancelled"));
    if (o.protocol == PacsSession::Protocol::DicomWeb) {
        DicomWebClient client(node, webLimits(o));
        const auto hook = cancel.whenCancelled([&client] { client.cancel(); });
        return web(client);
    }
    DimseClient client(node, o.timeoutSeconds);
    const auto hook = cancel.whenCancelled([&client] { client.cancel(); });
    return dimse(client);
}

} // namespace

PacsSession::Protocol PacsSession::defaultProtocol(const PacsNode& node)
{
    return node.hasDicomWeb() ? Protocol::DicomWeb : Protocol::Dimse;
}

PacsSession::Options PacsSession::defaultOptions(const PacsNode& node)
{
    Options o;
    o.protocol = defaultProtocol(node);
    return o;
}

PacsSession::PacsSession(PacsNode node, Options options)
    : m_node(std::move(node)), m_options(std::move(options))
{
}

QString PacsSession::echo(const CancelToken& cancel) const
{
    return withClient<QString>(
        m_node, m_options, cancel, [](DicomWebClient& c) { return c.echo(); },
        [](DimseClient& c) { return c.echo(); });
}

QList<StudyRecord> PacsSession::findStudies(const StudyQuery& query,
                                            const CancelToken& cancel) const
{
    return withClient<QList<StudyRecord>>(
        m_node, m_options, cancel, [&](DicomWebClient& c) { return c.findStudies(query); },
        [&](DimseClient& c) { return c.findStudies(query); });
}

int PacsSession::retrieveStudy(const QString& uid, InstanceCache& cache,
                               const InstanceReceived& onInstance, const CancelToken& cancel) const
{
    if (m_options.retrieval == Retrieval::Move) {
        Options dimse = m_options;
        dimse.protocol = Protocol::Dimse; // C-MOVE is DIMSE whatever the node's URL
        const QString aet = m_options.moveAet.isEmpty() ? m_node.callingAet : m_options.moveAet;
        const int port = m_options.movePort > 0 ? m_options.movePort : m_node.storePort;
        return withClient<int>(
            m_node, dimse, cancel, [](DicomWebClient&) { return 0; },
            [&](DimseClient& c) { return c.moveStudy(uid, cache, aet, port, onInstance); });
    }
    return withClient<int>(
        m_node, m_options, cancel,
        [&](DicomWebClient& c) { return c.retrieveStudy(uid, cache, onInstance); },
        [&](DimseClient& c) { return c.getStudy(uid, cache, onInstance); });
}

QList<InstanceRecord> PacsSession::findInstances(const QString& studyInstanceUid,
                                                 const QStringList& sopClasses,
                                                 const CancelToken& cancel) const
{
    const QStringList classes = sopClasses.isEmpty() ? QStringList{QString()} : sopClasses;
    auto each = [&](auto& client) {
        QList<InstanceRecord> found;
        for (const QString& sopClass : classes) {
            if (cancel.isCancelled())
                throw PacsError(PacsError::Code::Cancelled, QStringLiteral("cancelled"));
            found += client.findInstances(studyInstanceUid, sopClass);
        }
        return found;
    };
    return withClient<QList<InstanceRecord>>(
        m_node, m_options, cancel, [&](DicomWebClient& c) { return each(c); },
        [&](DimseClient& c) { return each(c); });
}

int PacsSession::retrieveInstances(const QList<InstanceRecord>& instances, InstanceCache& cache,
                                   const InstanceReceived& onInstance,
                                   const CancelToken& cancel) const
{
    if (m_options.retrieval == Retrieval::Move)
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("single instances are retrieved by WADO-RS or C-GET, not "
                                       "C-MOVE"));
    if (instances.isEmpty())
        return 0;
    return withClient<int>(
        m_node, m_options, cancel,
        [&](DicomWebClient& c) { return c.retrieveInstances(instances, cache, onInstance); },
        [&](DimseClient& c) { return c.getInstances(instances, cache, onInstance); });
}

void PacsSession::store(const QStringList& files, const CancelToken& cancel) const
{
    withClient<int>(
        m_node, m_options, cancel,
        [&](DicomWebClient& c) {
            c.store(files);
            return 0;
        },
        [&](DimseClient& c) {
            c.store(files);
            return 0;
        });
}

} // namespace chexview
