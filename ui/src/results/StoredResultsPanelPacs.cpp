// StoredResultsPanel's "Query PACS": the study's AI results on a saved node (credentials from
// the keyring or session memory), retrieved into the PACS cache on the PACS pool and listed
// with those in the image's folder.
#include "../pacs/PacsRunning.h"
#include "chexview/error/Error.h"
#include "chexview/pacs/CredentialStore.h"
#include "chexview/pacs/InstanceCache.h"
#include "chexview/pacs/PacsError.h"
#include "chexview/results/ResultError.h"
#include "chexview/results/ResultReader.h"
#include "chexview/results/ResultSopClasses.h"
#include "chexview/ui/results/StoredResultsPanel.h"
#include "chexview/workflow/PacsSession.h"

#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QtConcurrent>

#include <memory>

namespace chexview {

namespace {

/// What a PACS job found (written on the pool thread, read on the GUI thread once it ended).
struct PacsListing
{
    QList<StoredResult> results; ///< this image's: retrieved ones first, then its folder's
    int onPacs = 0;              ///< results of the study on the node
    int forImage = 0;            ///< of those, the ones of this image
    QString error;               ///< "" or failureText / describeFailure
};

/// Runs on the PACS pool: query, retrieve what the cache lacks, read; then the image's folder.
void listFromPacs(const PacsSession& session, const CancelToken& token, const QString& studyUid,
                  const QString& sopUid, const QString& cacheFolder, const QString& image,
                  const std::function<QList<StoredResult>()>& scanFolder, PacsListing& out)
{
    QList<InstanceRecord> found;
    std::unique_ptr<InstanceCache> cache;
    try {
        found = session.findInstances(studyUid, ResultSopClasses::all(), token);
        out.onPacs = int(found.size());
        cache = std::make_unique<InstanceCache>(cacheFolder);
        QList<InstanceRecord> missing;
        for (const InstanceRecord& i : found)
            if (!cache->contains(i.sopInstanceUid))
                missing << i;
        session.retrieveInstances(missing, *cache, {}, token);
    } catch (const PacsError& e) {
        out.error = failureText(e);
    } catch (const std::exception& e) {
        out.error = describeFailure(e);
    }
    QStringList listed;
    if (cache) { // what arrived is shown, also after a failure
        for (const InstanceRecord& i : found) {
            if (token.isCancelled() || !cache->contains(i.sopInstanceUid))
                continue;
            const QString path = cache->pathFor(i.sopInstanceUid);
            if (QFileInfo(path).absoluteFilePath() == image)
                continue;
            try {
                StoredResult r = ResultReader::read(path);
                if (r.sourceSopInstanceUid != sopUid)
                    continue; // another image of the study
                ++out.forImage;
                listed << r.sopInstanceUid;
                out.results << std::move(r);
            } catch (const ResultError&) {
                // A Segmentation, or a damaged object: not one to show.
            }
        }
    }
    if (token.isCancelled())
        return;
    for (StoredResult& r : scanFolder())
        if (!listed.contains(r.sopInstanceUid))
            out.results << std::move(r);
}

QString plural(int n, const char* one, const char* many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QObject::tr(n == 1 ? one : many));
}

} // namespace

void StoredResultsPanel::setPacsCacheDir(const QString& dir)
{
    m_pacsCacheDir = dir;
    updatePacsButtons();
}

void StoredResultsPanel::reloadPacsNodes()
{
    QSettings settings;
    m_savedNodes = PacsNode::loadAll(settings);
    const QString current = m_pacsNodes->currentText();
    m_pacsNodes->clear();
    for (const PacsNode& n : m_savedNodes)
        m_pacsNodes->addItem(n.name);
    const int keep = m_pacsNodes->findText(current);
    if (keep >= 0)
        m_pacsNodes->setCurrentIndex(keep);
    updatePacsButtons();
}

void StoredResultsPanel::updatePacsButtons()
{
    const bool possible =
        !m_studyUid.isEmpty() && !m_savedNodes.isEmpty() && !m_pacsCacheDir.isEmpty();
    m_queryPacs->setEnabled(possible && !m_pacsBusy);
    m_pacsNodes->setEnabled(!m_savedNodes.isEmpty() && !m_pacsBusy);
    m_cancelPacs->setEnabled(m_pacsBusy);
    if (m_savedNodes.isEmpty())
        m_queryPacs->setToolTip(tr("Save a PACS node first (File ▸ Query PACS… ▸ Save node)"));
    else if (m_studyUid.isEmpty())
        m_queryPacs->setToolTip(tr("Needs a DICOM image with a Study Instance UID"));
    else
        m_queryPacs->setToolTip(tr("Ask the PACS node for this study's AI results (reports, "
                                   "heatmaps, segmentations) and retrieve them"));
}

void StoredResultsPanel::queryPacs()
{
    const int index = m_pacsNodes->currentIndex();
    if (m_pacsBusy || m_studyUid.isEmpty() || m_pacsCacheDir.isEmpty() || index < 0 ||
        index >= m_savedNodes.size())
        return;
    const PacsNode node = m_savedNodes[index];
    const quint64 generation = ++m_pacsGeneration;
    m_pacsBusy = true;
    updatePacsButtons();
    if (node.auth == PacsNode::Auth::None) {
        startPacsJob(node, generation);
        return;
    }
    m_status->setText(tr("Reading the credentials of %1 from the keyring…").arg(node.name));
    CredentialStore(QStringLiteral("chexview"))
        .lookupAsync(
            node.name, node.user, this, [this, generation, node](const CredentialStore::Answer& a) {
                if (generation != m_pacsGeneration)
                    return; // cancelled, or another image meanwhile
                if (!a.secret) {
                    const QString why = tr("no password or token for %1 in the keyring or this "
                                           "session: enter it once in File ▸ Query PACS…")
                                            .arg(node.name);
                    finishPacs(tr("Query PACS failed: %1").arg(why), why);
                    return;
                }
                PacsNode withSecret = node;
                withSecret.secret = *a.secret;
                startPacsJob(withSecret, generation);
            });
}

void StoredResultsPanel::startPacsJob(const PacsNode& node, quint64 generation)
{
    m_status->setText(tr("Asking %1 for the AI results of this study…").arg(node.name));
    m_pacsCancel = CancelToken();
    auto listing = std::make_shared<PacsListing>();
    const QString name = node.name;
    m_pacsWatcher->disconnect(this);
    connect(
        m_pacsWatcher, &QFutureWatcher<void>::finished, this, [this, generation, listing, name] {
            if (generation != m_pacsGeneration)
                return; // an image no longer open, or a cancelled query
            m_pacsListed = true;
            showResults(listing->results);
            QString status;
            if (listing->error.isEmpty())
                status = listing->onPacs == 0
                             ? tr("No AI results of this study on %1.").arg(name)
                             : tr("%1 on %2, %3 for this image.")
                                   .arg(plural(listing->onPacs, "result", "results"), name)
                                   .arg(listing->forImage);
            else if (listing->error.startsWith(QLatin1String("cancelled")))
                status = tr("Query PACS cancelled%1.").arg(listing->error.mid(9));
            else
                status = tr("Query PACS failed: %1").arg(listing->error);
            if (listing->results.size() > listing->forImage)
                status +=
                    QLatin1Char(' ') +
                    tr("Listed with those in the image's folder: %1.").arg(listing->results.size());
            finishPacs(status, listing->error);
        });
    const QString folder = m_pacsCacheDir + QLatin1Char('/') + m_studyUid;
    const QString imageFolder = QFileInfo(m_path).absolutePath();
    auto scanFolder = [imageFolder, image = m_path, sop = m_sopUid] {
        return scan(imageFolder, image, sop);
    };
    m_pacsWatcher->setFuture(QtConcurrent::run(
        pacsPool(),
        [session = PacsSession(node, PacsSession::defaultOptions(node)), token = m_pacsCancel,
         study = m_studyUid, sop = m_sopUid, folder, image = m_path, scanFolder, listing] {
            listFromPacs(session, token, study, sop, folder, image, scanFolder, *listing);
        }));
}

void StoredResultsPanel::finishPacs(const QString& status, const QString& error)
{
    m_pacsBusy = false;
    m_status->setText(status);
    updatePacsButtons();
    Q_EMIT pacsQueryFinished(int(m_results.size()), error);
}

void StoredResultsPanel::cancelPacsQuery()
{
    if (!m_pacsBusy)
        return;
    m_pacsCancel.cancel();
    ++m_pacsGeneration; // the job's answer, and the keyring's, are dropped
    finishPacs(tr("Query PACS cancelled."), QStringLiteral("cancelled"));
}

} // namespace chexview
