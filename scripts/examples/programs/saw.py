"""How the example programs report what they saw: one line starting with SAW, read by make-examples."""


def exception_name(e):
    """The exception as a Python traceback names it: ConnectionResetError, http.client.RemoteDisconnected."""
    cls = type(e)
    return cls.__qualname__ if cls.__module__ == 'builtins' else f'{cls.__module__}.{cls.__qualname__}'


def saw(text):
    print(f'SAW {text}', flush=True)


def saw_exception(e):
    saw(f'{exception_name(e)}: {e}')
