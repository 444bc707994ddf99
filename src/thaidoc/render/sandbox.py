"""The sandbox every template and every data text renders in.

Jinja's :class:`~jinja2.sandbox.SandboxedEnvironment` refuses attributes such as
``__class__``; a template from a stranger can still ask for unbounded work or memory. This
environment also bounds, per render:

- each value an expression builds: repetition (``'x' * n``), exponents (``7**64**64**64``),
  ``+`` and ``~``, ``replace``, ``join``, ``sum``, padding widths (``center``, ``indent``,
  ``'%99999d'``) and ``wordwrap``;
- the whole render: every loop iteration and every call takes a step of
  :data:`MAX_RENDER_STEPS`, and every character written or built counts against
  :data:`MAX_RENDER_CHARS`, so ``range(100000)`` nested twice stops with a clear error instead
  of running for hours;
- what can be printed: a function (``{{ ''.join }}``) is refused instead of printing a memory
  address, and a template cannot include, import or extend another one.

Everything refused raises :class:`jinja2.exceptions.SecurityError`, which the renderers turn
into a :class:`~thaidoc.errors.TemplateError` naming the template or the field.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.filters import make_attrgetter
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import pass_environment, pass_eval_context

__all__ = ["LetterSandbox", "Function", "check_printf", "MAX_PRODUCT_SIZE", "MAX_FORMAT_WIDTH", "MAX_STRING_SIZE", "MAX_NUMBER_BITS",
           "MAX_RENDER_STEPS", "MAX_RENDER_CHARS"]

#: The longest string or list a repetition may build (a letter is far smaller).
MAX_PRODUCT_SIZE = 100_000
#: The widest field a format may pad to (``'%99999999d' % 1``, ``'ab'|center(10**9)``).
MAX_FORMAT_WIDTH = 1_000
#: The longest string one operation (``~``, ``+``, ``replace``, ``join``…) may build.
MAX_STRING_SIZE = 1_000_000
#: The largest whole number arithmetic may give: 2**1024, about 10**308 (amounts need 15 digits).
MAX_NUMBER_BITS = 1_024
#: Loop iterations plus calls in one render (a 10,000-line budget form takes about 100,000).
MAX_RENDER_STEPS = 2_000_000
#: Characters one render may write and build in all (a 10,000-line budget form writes ~15 million).
MAX_RENDER_CHARS = 200_000_000

_PRINTF_FIELD = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")
# str methods that pad to a width the caller chooses (str.format: see wrap_str_format); the
# filters center/indent/format are guarded
_PADDING_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


class _Budget:
    __slots__ = ("steps", "chars")

    def __init__(self, steps: int, chars: int) -> None:
        self.steps = steps
        self.chars = chars


_BUDGET: ContextVar[_Budget | None] = ContextVar("thaidoc_render_budget", default=None)


def _step() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.steps -= 1
        if budget.steps < 0:
            raise SecurityError(f"แม่แบบทำงานเกินขีดจำกัด / the template does more than {MAX_RENDER_STEPS:,} "
                                "steps (loop iterations and calls) in one render")


def _spend(chars: int) -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.chars -= chars
        if budget.chars < 0:
            raise SecurityError(f"แม่แบบสร้างข้อความเกินขีดจำกัด / the template writes or builds more than "
                                f"{MAX_RENDER_CHARS:,} characters in one render")


def _too_long(what: str, limit: int) -> SecurityError:
    return SecurityError(f"ข้อความยาวเกินขีดจำกัด / {what} longer than {limit:,} characters")


def check_printf(template: str) -> None:
    """Refuse ``'%999999d'`` and ``'%*d'`` (a width the arguments choose)."""
    for width, precision in _PRINTF_FIELD.findall(template):
        for size in (width, precision):
            if size == "*" or (size and int(size) > MAX_FORMAT_WIDTH):
                raise SecurityError(f"a format field wider than {MAX_FORMAT_WIDTH:,} characters")


def _check_width(width: Any) -> None:
    if isinstance(width, int) and width > MAX_FORMAT_WIDTH:
        raise SecurityError(f"a width over {MAX_FORMAT_WIDTH:,} characters")


def _weight(value: Any) -> int:
    """Roughly how many characters a value stands for once printed (strings in a list count)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple)):
        return len(value) + sum(len(item) for item in value if isinstance(item, str))
    return 1


def _number(value: Any) -> Any:
    if isinstance(value, int) and value.bit_length() > MAX_NUMBER_BITS:
        raise SecurityError(f"ตัวเลขใหญ่เกินไป / a number larger than 2**{MAX_NUMBER_BITS} (about 10**308)")
    return value


class Function:
    """A function or method reached from a template: callable, never printed (its text would
    show a memory address, ``<built-in method join of str object at 0x7f…>``)."""

    __slots__ = ("function",)

    def __init__(self, function: Any) -> None:
        self.function = function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.function(*args, **kwargs)

    def __str__(self) -> str:
        raise SecurityError("ฟังก์ชันพิมพ์ไม่ได้ / a function cannot be printed (call it, or print a value)")

    __html__ = __format__ = __str__  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "<function>"


_FUNCTION_TYPES = (types.BuiltinFunctionType, types.FunctionType, types.MethodType, types.MethodWrapperType,
                   types.BuiltinMethodType, types.WrapperDescriptorType, types.MethodDescriptorType)


def _wrapped(value: Any) -> Any:
    return Function(value) if isinstance(value, _FUNCTION_TYPES) else value


class _GuardedCodeGenerator(CodeGenerator):
    """``a ~ b`` goes through the environment, which bounds the string it builds."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.guarded_concat(context.eval_ctx.autoescape, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def _counted(iterable: Any) -> Any:
    """Each iteration of a template's loop takes a step of the render's budget."""
    budget = _BUDGET.get()
    if budget is None:
        return iterable
    return _count(iterable, budget)


def _count(iterable: Iterable[Any], budget: _Budget) -> Iterator[Any]:
    for item in iterable:
        budget.steps -= 1
        if budget.steps < 0:
            _step()  # raises
        yield item


class LetterSandbox(SandboxedEnvironment):
    """The sandbox with the limits of this module (see the module's docstring)."""

    code_generator_class = _GuardedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "%", "+"})
    max_product = MAX_PRODUCT_SIZE

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals = {name: _wrapped(value) for name, value in self.globals.items()}
        self.filters.update(_guarded_filters(self))

    # the render's budget ---------------------------------------------------------------------

    def concat(self, chunks: Iterable[str]) -> str:
        """Join a render's output (``Template.render`` calls this), within the render's budget."""
        outer = _BUDGET.get()
        budget = outer if outer is not None else _Budget(MAX_RENDER_STEPS, MAX_RENDER_CHARS)
        token = _BUDGET.set(budget) if outer is None else None
        try:
            out: list[str] = []
            append = out.append
            for chunk in chunks:
                budget.chars -= len(chunk)
                if budget.chars < 0:
                    _spend(0)  # raises
                append(chunk)
            return "".join(out)
        finally:
            if token is not None:
                _BUDGET.reset(token)

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        for node in source.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
            raise SecurityError("แม่แบบนำแม่แบบอื่นมาใช้ไม่ได้ / a template cannot include, import or extend "
                                f"another template (line {node.lineno})")
        for loop in list(source.find_all(nodes.For)):
            loop.iter = nodes.Filter(loop.iter, "_counted", [], [], None, None, lineno=loop.iter.lineno)
        return str(super()._generate(source, name, filename, defer_init=defer_init))

    # attributes and calls --------------------------------------------------------------------

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr in _PADDING_METHODS:
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def getattr(self, obj: Any, attribute: str) -> Any:
        return _wrapped(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        return _wrapped(super().getitem(obj, argument))

    def wrap_str_format(self, value: Any) -> Any:
        # str.format is looked up without the attribute check; its widths may come from the
        # arguments ('{:{}}'), so it is refused rather than parsed (% and |format are guarded)
        if super().wrap_str_format(value) is None:
            return None

        def refused(*args: Any, **kwargs: Any) -> str:
            raise SecurityError("str.format is not available in templates; use % or the format filter")

        return refused

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _step()
        if isinstance(__obj, Function):
            __obj = __obj.function
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            method = getattr(__obj, "__name__", "")
            if method == "replace" and len(args) >= 2:
                __self._check_replace(owner, args[0], args[1], args[2] if len(args) > 2 else None)
            elif method == "join" and args:
                args = (__self._bounded_items(args[0], len(owner)), *args[1:])
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, str):
            _spend(len(result))
        return _wrapped(result)

    # values an expression builds -------------------------------------------------------------

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, (int, float)) and abs(right) > 64:
                raise SecurityError("exponent too large for a document")
            if isinstance(left, int) and isinstance(right, int) and right > 0 \
                    and left.bit_length() * right > MAX_NUMBER_BITS:
                _number(1 << (MAX_NUMBER_BITS + 1))  # raises
            return _number(left ** right)
        if operator == "%":
            if isinstance(left, str):
                check_printf(left)
            result = left % right
            if isinstance(result, str):
                _spend(len(result))
            return result
        if operator == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                size = _weight(left) + _weight(right)
                if size > MAX_STRING_SIZE:
                    raise _too_long("a value built with +", MAX_STRING_SIZE)
                _spend(size)
            return _number(left + right)
        for sequence, count in ((left, right), (right, left)):
            if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
                if _weight(sequence) * count > self.max_product:
                    raise SecurityError(f"repetition longer than {self.max_product:,} items")
                _spend(_weight(sequence) * max(count, 0))
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_NUMBER_BITS + 1:
            _number(1 << (MAX_NUMBER_BITS + 1))  # raises
        return _number(left * right)

    def guarded_concat(self, autoescape: bool, items: tuple[Any, ...]) -> str:
        """``a ~ b ~ c``: refused when the result would be longer than :data:`MAX_STRING_SIZE`."""
        size = 0
        for item in items:
            size += _weight(item) if isinstance(item, (str, list, tuple)) else 32
        if size > MAX_STRING_SIZE:
            raise _too_long("a string joined with ~", MAX_STRING_SIZE)
        result = markup_join(items) if autoescape else str_join(items)
        _spend(len(result))
        return result

    def _check_replace(self, text: Any, old: Any, new: Any, count: Any) -> None:
        if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
            return
        times = text.count(old) if old else len(text) + 1
        if isinstance(count, int) and count >= 0:
            times = min(times, count)
        size = len(text) + times * (len(new) - len(old))
        if size > MAX_STRING_SIZE:
            raise _too_long("replace would build a string", MAX_STRING_SIZE)
        _spend(max(size, 0))

    def _bounded_items(self, iterable: Any, separator: int) -> list[Any]:
        """The items of a join, refused once they would make too long a string."""
        items: list[Any] = []
        size = 0
        for item in iterable:
            _step()
            size += (len(item) if isinstance(item, str) else 32) + separator
            if size > MAX_STRING_SIZE:
                raise _too_long("join would build a string", MAX_STRING_SIZE)
            items.append(item)
        _spend(size)
        return items


def _guarded_filters(env: LetterSandbox) -> dict[str, Any]:
    """Jinja's own filters that build strings or pad, with the limits of this module."""
    center, indent, format_ = env.filters["center"], env.filters["indent"], env.filters["format"]
    replace, join, wordwrap = env.filters["replace"], env.filters["join"], env.filters["wordwrap"]
    sum_, attr = env.filters["sum"], env.filters["attr"]

    def guarded_center(value: Any, width: int = 80) -> Any:
        _check_width(width)
        return center(value, width)

    def guarded_indent(value: Any, width: int | str = 4, *args: Any, **kwargs: Any) -> Any:
        size = width if isinstance(width, int) else len(width)
        _check_width(size)
        text = str(value)
        if len(text) + (text.count("\n") + 1) * max(size, 0) > MAX_STRING_SIZE:
            raise _too_long("indent would build a string", MAX_STRING_SIZE)
        return indent(value, width, *args, **kwargs)

    def guarded_format(value: Any, *args: Any, **kwargs: Any) -> Any:
        check_printf(str(value))
        return format_(value, *args, **kwargs)

    @pass_eval_context
    def guarded_replace(eval_ctx: Any, value: Any, old: Any, new: Any, count: Any = None) -> Any:
        env._check_replace(str(value), str(old), str(new), count)
        return replace(eval_ctx, value, old, new, count)

    @pass_eval_context
    def guarded_join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> Any:
        if attribute is not None:
            getter = make_attrgetter(env, attribute)
            value = (getter(item) for item in value)
        return join(eval_ctx, env._bounded_items(value, len(str(d))), d)

    @pass_environment
    def guarded_wordwrap(environment: Any, s: Any, width: int = 79, *args: Any, **kwargs: Any) -> Any:
        # textwrap cuts a long word by copying the rest of it each time: n**2 / width
        text = str(s)
        if not isinstance(width, int) or width < 1:
            raise SecurityError("ความกว้างต้องไม่น้อยกว่า ๑ / wordwrap needs a width of at least 1")
        if len(text) ** 2 // width > 50_000_000:
            raise SecurityError(f"ตัดบรรทัดข้อความยาวเกินไป / wordwrap({width}) of {len(text):,} characters "
                                "would take too long; use a wider width or a shorter text")
        return wordwrap(environment, s, width, *args, **kwargs)

    @pass_environment
    def guarded_sum(environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
        if isinstance(start, (str, list, tuple)):
            items = env._bounded_items(iterable, 0)
            if sum(_weight(item) for item in items) + _weight(start) > MAX_STRING_SIZE:
                raise _too_long("sum would build a value", MAX_STRING_SIZE)
            iterable = items
        return _number(sum_(environment, iterable, attribute, start))

    @pass_environment
    def guarded_attr(environment: Any, obj: Any, name: str) -> Any:
        return _wrapped(attr(environment, obj, name))

    return {"center": guarded_center, "indent": guarded_indent, "format": guarded_format,
            "replace": guarded_replace, "join": guarded_join, "wordwrap": guarded_wordwrap,
            "sum": guarded_sum, "attr": guarded_attr, "_counted": _counted}

