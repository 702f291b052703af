#pragma once

#include "chexview/model/InferenceEngine.h"
#include "chexview/pacs/PacsNode.h"
#include "chexview/pacs/StudyQuery.h"
#include "chexview/workflow/PacsSession.h"

#include <QStringList>
#include <QTextStream>

namespace chexview {

/// The command line of `chexview-cli pacs SUBCOMMAND`: the node (from the settings or inline),
/// query options, and the analysis options of send-results. Private to app/cli.
struct PacsArgs
{
    PacsNode node;
    QString via;
    int timeout = 30;
    StudyQuery query;
    QStringList positional;
    QString dest;
    // get: "get" (C-GET or WADO-RS) or "move" (C-MOVE to our own storage SCP)
    QString method = QStringLiteral("get");
    QString moveAet;  ///< our storage SCP's AE title (default: the calling AE title)
    int movePort = 0; ///< our storage SCP's port (0: the node's storePort)
    // send-results
    QString model;
    InferenceEngine::Options engine;
    QString finding;
    bool anonymize = false;
    QString gateVerdict;    ///< --gate-verdict TEXT: the input gate's verdict, recorded in the SR
    bool forceGate = false; ///< send-results: analyze what the input gate refuses
};

/// Parses everything after the subcommand; throws PacsError(BadArgument).
PacsArgs parsePacsArgs(const QStringList& args);

/// The PacsSession options the arguments ask for (protocol from --via, --timeout, --method).
PacsSession::Options sessionOptions(const PacsArgs& args);

/// `pacs send-results FILE ...`: analyze a DICOM file, write a TID 1500 measurement report, the
/// heatmaps as a Parametric Map and one heatmap as a Secondary Capture into its study (kept in
/// --dest when given) and store the three on the node.
int runPacsSendResults(const PacsArgs& args, QTextStream& out, QTextStream& err);

/// `pacs results STUDY_UID [--dest DIR]`: the study's AI results on the node (a query by the
/// ResultSopClasses), retrieved into --dest (a temporary folder without), each printed as
/// `results FILE` prints it.
int runPacsResults(const PacsArgs& args, QTextStream& out, QTextStream& err);

} // namespace chexview
