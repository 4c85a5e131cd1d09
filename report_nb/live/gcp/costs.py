"""Google Cloud spend as data: cost, credits and net per service, for question 27.

:class:`Costs` is what both billing sources of :mod:`report_nb.live.gcp` return: the services
sorted by gross cost, their credits as the positive amount used (so ``net = cost - credits``), the
totals, the most expensive service (``None`` when nothing was spent), a one-sentence
:attr:`~Costs.summary`, a Markdown table and a bar chart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from report_nb.live.arguments import check_limit
from report_nb.live.figures import ReportFigure, new_figure
from report_nb.live.tables import Markdown, MarkdownTable

__all__ = ["Costs", "ServiceCost", "service_cost"]


@dataclass(frozen=True)
class ServiceCost:
    """One service's gross cost, credits used (positive) and net cost (``cost - credits``)."""

    service: str
    cost: float
    credits: float
    net: float


def service_cost(name: str, cost: float, credits: float) -> ServiceCost:
    """A :class:`ServiceCost` with its net computed."""
    return ServiceCost(name, cost, credits, cost - credits)


@dataclass
class Costs:
    """Spend per service, sorted by gross cost (highest first), in one ``currency``."""

    services: list[ServiceCost] = field(default_factory=list)
    currency: str = ""

    def __post_init__(self) -> None:
        self.services = sorted(self.services, key=lambda s: (-s.cost, s.service))

    @property
    def gross(self) -> float:
        """Cost before credits."""
        return sum(s.cost for s in self.services)

    @property
    def credits(self) -> float:
        """Credits used, as a positive amount (the answer to "how many credits did you use")."""
        return sum(s.credits for s in self.services)

    @property
    def total(self) -> float:
        """What was left to pay after credits: ``gross - credits``."""
        return sum(s.net for s in self.services)

    @property
    def most_expensive(self) -> ServiceCost | None:
        """The service with the highest gross cost, or ``None`` when nothing was spent.

        "Nothing spent" means no service with a gross cost above zero (no rows, or only free
        usage), so a glued name never points at an arbitrary zero-cost service.
        """
        top = self.services[0] if self.services else None
        return top if top is not None and top.cost > 0 else None

    def money(self, amount: float) -> str:
        """``amount`` with two decimals and the currency, e.g. ``1,234.50 DKK``."""
        return f"{round(amount, 2) + 0.0:,.2f} {self.currency}".strip()  # + 0.0: no "-0.00"

    def folded(self, limit: int | None = None, min_cost: float = 0.0) -> list[ServiceCost]:
        """The services above ``min_cost``, at most ``limit``, the rest summed into "Other"."""
        check_limit(limit)
        eligible = [s for s in self.services if s.cost >= min_cost]
        kept = eligible[:limit]
        rest = eligible[len(kept) :] + [s for s in self.services if s.cost < min_cost]
        if rest:
            name = f"Other ({len(rest)} services)"
            kept.append(service_cost(name, sum(s.cost for s in rest), sum(s.credits for s in rest)))
        return kept

    def table(self, limit: int | None = None, min_cost: float = 0.0) -> MarkdownTable:
        """Service, cost, credits (negative, as on the invoice) and net, with a Total row."""
        rows = [
            [s.service, self.money(s.cost), self.money(-s.credits), self.money(s.net)]
            for s in self.folded(limit, min_cost)
        ]
        rows.append(
            [
                Markdown("**Total**"),
                self.money(self.gross),
                self.money(-self.credits),
                self.money(self.total),
            ]
        )
        return MarkdownTable(
            ["Service", "Cost", "Credits", "Net"], rows, ["left", "right", "right", "right"]
        )

    def figure(self, limit: int = 8, *, name: str = "gcp_costs") -> ReportFigure:
        """Horizontal bars of gross cost per service, split into paid and covered by credits."""
        services = self.folded(limit)
        fig = new_figure(6.4, 1.2 + 0.4 * max(len(services), 1))
        axes = fig.add_subplot()
        names = [s.service for s in services]
        axes.barh(names, [s.net for s in services], label="paid")
        axes.barh(
            names,
            [s.credits for s in services],
            left=[s.net for s in services],
            label="covered by credits",
        )
        axes.invert_yaxis()  # most expensive on top
        axes.set_xlabel(f"Cost ({self.currency})" if self.currency else "Cost")
        axes.legend(loc="lower right")
        return ReportFigure(fig, name=name, alt="Google Cloud cost per service")

    @property
    def summary(self) -> str:
        """One sentence for the answer: credits used, totals and the most expensive service."""
        top = self.most_expensive
        if top is None:
            return f"Nothing was spent on Google Cloud ({self.money(0.0)})."
        return (
            f"We used {self.money(self.credits)} of credits: the services cost "
            f"{self.money(self.gross)} before and {self.money(self.total)} after credits, "
            f"and the most expensive was {top.service} ({self.money(top.cost)})."
        )
