#include "chexview/ui/evaluation/SubgroupView.h"

#include "chexview/dataset/ImageAttributes.h"
#include "chexview/ui/evaluation/ForestPlot.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace chexview {

namespace {

QString num(double v, int d = 3)
{
    return std::isnan(v) ? QStringLiteral("n/a") : QString::number(v, 'f', d);
}

QString withCi(double v, double lo, double hi)
{
    return std::isnan(lo) ? num(v) : QStringLiteral("%1 [%2, %3]").arg(num(v), num(lo), num(hi));
}

} // namespace

SubgroupView::SubgroupView(QWidget* parent)
    : QWidget(parent), m_watcher(new QFutureWatcher<SubgroupReport>(this)),
      m_file(new QLineEdit(this)),
      m_attributes(new QLineEdit(QStringLiteral("sex,age,view"), this)),
      m_compute(new QPushButton(tr("Compute"), this)),
      m_export(new QPushButton(tr("Export chart…"), this)), m_status(new QLabel(this)),
      m_table(new QTableWidget(this)), m_plot(new ForestPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* form = new QGridLayout;
    auto* browse = new QPushButton(tr("…"), this);
    browse->setMaximumWidth(40);
    form->addWidget(new QLabel(tr("Attributes from"), this), 0, 0);
    form->addWidget(m_file, 0, 1);
    form->addWidget(browse, 0, 2);
    form->addWidget(new QLabel(tr("Attributes"), this), 1, 0);
    form->addWidget(m_attributes, 1, 1);
    form->addWidget(m_compute, 1, 2);
    form->addWidget(m_export, 1, 3);
    layout->addLayout(form);
    m_file->setPlaceholderText(tr("Data_Entry_2017_v2020.csv.gz or a labels CSV with the columns"));
    m_attributes->setToolTip(tr("sex, age (bands 0-20 … 80+), view, or any column name; "
                                "comma-separated"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    layout->addWidget(m_plot, 3);
    layout->addWidget(m_table, 2);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(20);
    m_table->setColumnCount(9);
    m_table->setHorizontalHeaderLabels({tr("Attribute"), tr("Group"), tr("Images"),
                                        tr("AUROC [95% CI]"), tr("Sens"), tr("Spec"), tr("FPR"),
                                        tr("Underdiagnosis [CI]"), tr("AUROC gap [paired CI]")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Attributes CSV"), m_file->text(),
                                                       tr("CSV (*.csv *.csv.gz);;All files (*)"));
        if (!f.isEmpty())
            m_file->setText(f);
    });
    connect(m_compute, &QPushButton::clicked, this, &SubgroupView::compute);
    connect(m_export, &QPushButton::clicked, this, [this] {
        m_plot->exportWithDialog(
            this, QStringLiteral("subgroups_%1").arg(chestXray14Findings()[m_finding]));
    });
    connect(m_watcher, &QFutureWatcher<SubgroupReport>::finished, this, [this] {
        m_compute->setEnabled(m_outcome != nullptr);
        m_report = m_watcher->result();
        m_hasReport = m_error.isEmpty();
        m_export->setEnabled(m_hasReport);
        if (!m_hasReport)
            m_status->setText(tr("Error: %1").arg(m_error));
        show(m_finding);
        Q_EMIT computed();
    });
    setOutcome(nullptr, {});
}

SubgroupView::~SubgroupView()
{
    m_watcher->waitForFinished();
}

QString SubgroupView::defaultDemographics(const QString& labels, const QString& imagesDir)
{
    const QStringList head = ImageAttributes::header(labels);
    if (head.contains(QStringLiteral("Patient Gender")))
        return labels;
    const QDir meta(QDir(imagesDir).filePath(QStringLiteral("../meta")));
    const QStringList found = meta.entryList({QStringLiteral("Data_Entry_2017*.csv*")}, QDir::Files,
                                             QDir::Name | QDir::Reversed);
    return found.isEmpty() ? QString() : QDir::cleanPath(meta.filePath(found.first()));
}

void SubgroupView::setOutcome(std::shared_ptr<const EvaluationOutcome> outcome,
                              const QString& labels)
{
    m_watcher->waitForFinished();
    m_outcome = std::move(outcome);
    m_report = {};
    m_hasReport = false;
    m_table->setRowCount(0);
    m_plot->clear();
    m_export->setEnabled(false);
    m_compute->setEnabled(m_outcome != nullptr);
    if (m_outcome && m_file->text().isEmpty())
        m_file->setText(defaultDemographics(labels, m_outcome->imagesDir));
    m_status->setText(m_outcome ? tr("Choose the attributes and Compute (AUROC per group with "
                                     "%1 patient resamples).")
                                      .arg(m_outcome->report.options.bootstrap)
                                : tr("Subgroups appear once an evaluation has run."));
}

bool SubgroupView::isComputing() const
{
    return m_watcher->isRunning();
}

QString SubgroupView::statusText() const
{
    return m_status->text();
}

void SubgroupView::compute()
{
    if (!m_outcome || m_watcher->isRunning())
        return;
    const QStringList names = m_attributes->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
    const QString path = m_file->text().trimmed();
    m_compute->setEnabled(false);
    m_status->setText(tr("Computing…"));
    m_error.clear();
    const std::shared_ptr<const EvaluationOutcome> o = m_outcome;
    m_watcher->setFuture(QtConcurrent::run([this, o, names, path]() -> SubgroupReport {
        try {
            QStringList columns;
            for (const QString& n : names)
                columns << SubgroupAttributes::columnFor(n.trimmed());
            const ImageAttributeTable table = ImageAttributes::read(path, columns);
            std::vector<SubgroupAttribute> attrs;
            for (const QString& n : names)
                attrs.push_back(SubgroupAttributes::build(o->set, n.trimmed(), table));
            std::vector<double> thresholds;
            for (const FindingMetrics& m : o->report.findings)
                thresholds.push_back(m.threshold);
            return SubgroupAudit::audit(o->set, attrs, thresholds, o->report.options);
        } catch (const std::exception& e) {
            m_error = QString::fromUtf8(e.what()); // read by the GUI thread after finished
            return {};
        }
    }));
}

void SubgroupView::selectFinding(int finding)
{
    if (finding < 0 || finding >= kFindingCount)
        return;
    m_finding = finding;
    show(finding);
}

void SubgroupView::show(int finding)
{
    if (!m_hasReport)
        return;
    const QString name = chestXray14Findings()[finding];
    std::vector<ForestPlot::Row> rows;
    m_table->setRowCount(int(m_report.groups.size()));
    int row = 0;
    for (const SubgroupResult& g : m_report.groups) {
        const SubgroupFinding& f = g.findings[size_t(finding)];
        rows.push_back(
            {g.attribute + QStringLiteral(" = ") + g.group, f.auroc, f.ciLow, f.ciHigh, g.images});
        QString gap = tr("reference");
        for (const SubgroupGap& d : m_report.gaps)
            if (d.attribute == g.attribute && d.group == g.group) {
                const SubgroupGap::Finding& x = d.findings[size_t(finding)];
                gap = withCi(x.gap, x.ciLow, x.ciHigh) + tr(" vs %1").arg(d.reference);
            }
        const QStringList cells{
            g.attribute,
            g.group,
            QString::number(g.images),
            withCi(f.auroc, f.ciLow, f.ciHigh),
            num(f.counts.sensitivity()),
            num(f.counts.specificity()),
            num(f.fpr()),
            withCi(g.underdiagnosis.rate, g.underdiagnosis.ciLow, g.underdiagnosis.ciHigh),
            gap};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
        ++row;
    }
    const double overall = m_outcome ? m_outcome->report.findings[size_t(finding)].auroc : NAN;
    m_plot->setRows(tr("%1 — AUROC by subgroup (95% patient-bootstrap CI)").arg(name),
                    tr("AUROC (dashed: all images)"), rows, overall);
    int unknown = 0;
    for (const SubgroupAttribute& a : m_report.attributes)
        unknown += a.unknown;
    m_status->setText(tr("%1 groups; underdiagnosis = images with a finding where no score "
                         "reaches its threshold; %2 image-attribute values missing.")
                          .arg(m_report.groups.size())
                          .arg(unknown));
}

} // namespace chexview
