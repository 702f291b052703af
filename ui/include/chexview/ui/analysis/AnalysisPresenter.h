#pragma once

#include "chexview/model/Analysis.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <functional>

class QMenu;
class QWidget;

namespace chexview {

class AnalysisController;
class FindingsPanel;
class ImageView;
class ViewerDocument;

/// The viewer's analysis workflow between the document and the findings panel: which model is
/// loaded (and from where, remembered in the settings), the input gate before each request,
/// the request in flight and how it is timed, the result into the document. MainWindow only
/// places the panel and forwards its own public calls here.
///
/// Thread contract: GUI thread only. The AnalysisController it owns runs the model on its
/// worker thread; its answers arrive here as queued signals, and one for a request that is no
/// longer current (another image, a newer request) is dropped.
class AnalysisPresenter : public QObject
{
    Q_OBJECT
public:
    /// Where the request that is current now stands.
    enum class RequestState
    {
        None,      ///< nothing asked for this image yet (or its scores were cleared)
        Refused,   ///< the input gate refused the image: not scored
        Pending,   ///< sent to the controller (queued behind a model load, or running)
        Shown,     ///< its scores are in the document
        Failed,    ///< the engine said why (the panel shows it)
        Cancelled, ///< the user cancelled it
    };
    /// Where the clock of the current request started: the timing the panel shows is what the
    /// user waited for, from the open for the analysis an open starts, from the request for a
    /// re-run (a precision or model change must not count from the open).
    enum class ClockStart
    {
        Open,
        Request,
    };

    /// The panel is created as a child of `panelParent` (the window that docks it).
    AnalysisPresenter(ViewerDocument* document, ImageView* view, QWidget* panelParent);
    ~AnalysisPresenter() override;

    AnalysisController* controller() const { return m_controller; }
    FindingsPanel* panel() const { return m_panel; }
    /// Analyze, Cancel (Esc on the image), Show Heatmap (H), Analyze on Open into `menu`.
    void addActions(QMenu* menu);

    /// An image is being opened: the clock starts, the last scores leave the screen.
    void imageOpening();
    /// The opened image is on screen: analysed now when "Analyze on Open" is on.
    void imageShown();
    /// Gates and scores the view's image (no-op without one). A refused image is not scored;
    /// the panel says why and offers "Score anyway".
    void analyzeCurrent();
    /// The same, scoring the image although the gate refuses it (the panel says so).
    void scoreAnyway();
    /// The document's and the panel's scores and heatmap cleared.
    void clear();
    /// Loads the model package `dir` with the panel's engine options (and remembers it); the
    /// shown image is analysed again behind the load when "Analyze on Open" is on.
    void reloadModel(const QString& dir);
    /// The first use loads the remembered (or the bundled) model; later calls do nothing.
    void ensureModelRequested();

    RequestState requestState() const { return m_state; }
    ClockStart clockStart() const { return m_clockStart; }
    bool analyzeOnOpen() const { return m_analyzeOnOpen; }
    /// The loaded model's name (empty before the first load) and whether it was trained.
    QString modelName() const { return m_modelName; }
    bool modelTrained() const { return m_modelTrained; }
    /// Which finding a new result of `file` selects first (-1: the highest score). The error
    /// browser's files open on the finding under review.
    using FirstFinding = std::function<int(const QString& file)>;
    void setFirstFinding(FirstFinding choose) { m_firstFinding = std::move(choose); }
    /// The package asked for last (empty before the first request).
    QString modelDir() const { return m_modelDir; }

Q_SIGNALS:
    /// A model finished loading (the untrained banner follows `trained`).
    void modelReady(const QString& name, bool trained, double loadMs);
    /// The engine could not load the model.
    void modelFailed();
    /// A result is in the document and on the panel.
    void resultShown(const AnalysisResult& result);
    /// Something the presentation mirrors changed (busy state, model).
    void stateChanged();

private:
    void wireController();
    void wirePanel();
    void pushHeatmapSettings();

    ViewerDocument* m_doc;
    ImageView* m_view;
    AnalysisController* m_controller;
    FindingsPanel* m_panel;
    quint64 m_request = 0; ///< the controller's id of the current request
    RequestState m_state = RequestState::None;
    QElapsedTimer m_clock;
    ClockStart m_clockStart = ClockStart::Request;
    bool m_openPending = false;   ///< the clock started at an open no request has used yet
    bool m_waitedForLoad = false; ///< the current request was queued behind a model load
    bool m_forceNext = false;     ///< the next analyzeCurrent() scores a refused image
    bool m_analyzeOnOpen = true;
    QString m_modelDir;
    QString m_modelName;
    bool m_modelTrained = true;
    FirstFinding m_firstFinding;
};

} // namespace chexview
